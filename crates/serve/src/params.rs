//! Query-string parameters, checked one by one so that each mistake is reported by name
//! (axum's `Query` extractor answers a bad value with a plain-text 400 that names nothing).

use crate::error::ApiError;

/// The parameters of one request.
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses a raw query string, refusing parameters not in `known` and repeated ones.
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if !known.contains(&k.as_ref()) {
                return Err(ApiError::bad_parameter(
                    &k,
                    format!(
                        "unknown parameter `{k}`; this endpoint takes {}",
                        known.join(", ")
                    ),
                ));
            }
            if pairs.iter().any(|(p, _)| *p == k) {
                return Err(ApiError::bad_parameter(
                    &k,
                    format!("parameter `{k}` is given more than once"),
                ));
            }
            pairs.push((k.into_owned(), v.into_owned()));
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, trimmed; `None` when absent or blank.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A calendar day `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<jiff::civil::Date>, ApiError> {
        self.str(name)
            .map(|v| {
                v.parse::<jiff::civil::Date>().map_err(|_| {
                    ApiError::bad_parameter(
                        name,
                        format!("`{name}` must be a date written YYYY-MM-DD, not `{v}`"),
                    )
                })
            })
            .transpose()
    }

    /// A whole number in `0..=max`, `default` when absent.
    pub fn count(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.str(name) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(ApiError::bad_parameter(
                name,
                format!("`{name}` is {v}; the most this server allows is {max}"),
            )),
            Err(_) => Err(ApiError::bad_parameter(
                name,
                format!("`{name}` must be a whole number from 0 to {max}, not `{v}`"),
            )),
        }
    }

    /// One of `choices`, as the value of the matching variant.
    pub fn choice<T: Copy>(
        &self,
        name: &str,
        default: T,
        choices: &[(&str, T)],
    ) -> Result<T, ApiError> {
        let Some(v) = self.str(name) else {
            return Ok(default);
        };
        choices
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(v))
            .map(|&(_, t)| t)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
                ApiError::bad_parameter(
                    name,
                    format!("`{name}` must be one of {}, not `{v}`", names.join(", ")),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_mistake() {
        let p = Params::parse(Some("q=%D8%AE%D8%A8%D8%B1&limit=7"), &["q", "limit"]).unwrap();
        assert_eq!(p.str("q"), Some("خبر"));
        assert_eq!(p.count("limit", 10, 100).unwrap(), 7);
        assert_eq!(p.count("offset", 3, 100).unwrap(), 3);

        let e = Params::parse(Some("qq=1"), &["q"]).err().unwrap();
        assert_eq!(e.parameter.as_deref(), Some("qq"));
        let e = Params::parse(Some("q=a&q=b"), &["q"]).err().unwrap();
        assert!(e.message.contains("more than once"), "{}", e.message);

        let p = Params::parse(
            Some("limit=-1&from=2021-13-01&n=1000"),
            &["limit", "from", "n"],
        )
        .unwrap();
        assert_eq!(
            p.count("limit", 10, 100)
                .err()
                .unwrap()
                .parameter
                .as_deref(),
            Some("limit")
        );
        assert!(p.count("n", 10, 100).err().unwrap().message.contains("100"));
        assert_eq!(
            p.date("from").err().unwrap().parameter.as_deref(),
            Some("from")
        );
    }

    #[test]
    fn blank_is_absent() {
        let p = Params::parse(Some("q=+&from="), &["q", "from"]).unwrap();
        assert_eq!(p.str("q"), None);
        assert_eq!(p.date("from").unwrap(), None);
    }
}
