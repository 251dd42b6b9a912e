//! Named-entity recognition: a first-order averaged-perceptron sequence tagger over hashed
//! features, with BIO tags and constrained Viterbi decoding.
//!
//! - [`features`]: what the tagger sees of each token.
//! - [`tagger`]: the model, scoring and decoding, and its file format.
//! - [`train`](mod@train): structured averaged perceptron training.
//! - [`eval`]: CoNLL reading (ANERcorp, WikiFANE) and exact-span scoring (CoNLL 2003).

pub mod eval;
pub mod features;
pub mod tagger;
pub mod train;

/// An entity type, as in ANERcorp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per = 0,
    /// A place or a state (ACE's GPE and LOC).
    Loc = 1,
    /// An organisation.
    Org = 2,
    /// Another name: events, products, works.
    Misc = 3,
}

impl EntityType {
    /// Every type, in tag order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Loc,
        EntityType::Org,
        EntityType::Misc,
    ];

    /// The name used in khabar's JSON: `PER`, `LOC`, `ORG`, `MISC`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// The type a label names, `Ok(None)` for a class khabar does not tag, `Err` for a label
    /// it does not know. ANERcorp's `PERS LOC ORG MISC`, khabar's `PER`, and WikiFANE's
    /// coarse and fine classes:
    ///
    /// | WikiFANE | khabar |
    /// |---|---|
    /// | PER: Politician, Religious_PER, Artist, Other_PER, Scientist, Athlete, Businessperson, Engineer, Lawyer, Police | PER |
    /// | PER: Group (العرب, المسلمين: peoples, not persons; ANERcorp leaves them untagged) | O |
    /// | GPE: Nation, Population-Center, State-or-Province, Continent, County-or-District, GPE-Cluster | LOC |
    /// | LOC: Water-Body, Land-Region-Natural, Address, Boundary, Region-General, Region-International | LOC |
    /// | LOC: Celestial (الزهرة, الارض, الشمس: mostly common words in news) | O |
    /// | FAC: Building-Grounds, Airport, Path, Subarea-Facility, Plant | LOC |
    /// | ORG: Government, Non-Governmental, Commercial, Educational, Media, Sports, Religious_ORG, Medical-Science, Entertainment | ORG |
    /// | PRO: Book, Movie, Sound, Software, Hardware, Drug, Food | MISC |
    /// | VEH (Air, Land, Water, Subarea-Vehicle) and WEA (Blunt, Chemical, Exploding, Nuclear, Projectile, Sharp, Shooting, Biological) | O |
    pub fn from_label(label: &str) -> Result<Option<EntityType>, UnknownLabel> {
        use EntityType::*;
        Ok(Some(match label {
            "PERS" | "PER" | "Politician" | "Religious_PER" | "Artist" | "Other_PER"
            | "Scientist" | "Athlete" | "Businessperson" | "Engineer" | "Lawyer" | "Police" => Per,
            "LOC"
            | "GPE"
            | "FAC"
            | "Nation"
            | "Population-Center"
            | "State-or-Province"
            | "Continent"
            | "County-or-District"
            | "GPE-Cluster"
            | "Water-Body"
            | "Land-Region-Natural"
            | "Address"
            | "Boundary"
            | "Region-General"
            | "Region-International"
            | "Building-Grounds"
            | "Airport"
            | "Path"
            | "Subarea-Facility"
            | "Plant" => Loc,
            "ORG" | "Government" | "Non-Governmental" | "Commercial" | "Educational" | "Media"
            | "Sports" | "Religious_ORG" | "Medical-Science" | "Entertainment" => Org,
            "MISC" | "PRO" | "Book" | "Movie" | "Sound" | "Software" | "Hardware" | "Drug"
            | "Food" => Misc,
            "Group" | "Celestial" | "VEH" | "WEA" | "Air" | "Land" | "Water"
            | "Subarea-Vehicle" | "Blunt" | "Chemical" | "Exploding" | "Nuclear" | "Projectile"
            | "Sharp" | "Shooting" | "Biological" => return Ok(None),
            _ => return Err(UnknownLabel(label.to_string())),
        }))
    }
}

/// An entity label that [`EntityType::from_label`] does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity label `{0}`")]
pub struct UnknownLabel(pub String);

/// Number of tags: O, then B and I of each type.
pub const NT: usize = 1 + 2 * EntityType::ALL.len();

/// A BIO tag: 0 is O, `1 + 2k` is B of type k, `2 + 2k` is I of type k.
pub type Tag = u8;

/// The B tag of a type.
pub const fn begin(t: EntityType) -> Tag {
    1 + 2 * t as u8
}

/// The I tag of a type.
pub const fn inside(t: EntityType) -> Tag {
    2 + 2 * t as u8
}

/// The type of a tag (`None` for O).
pub fn tag_type(tag: Tag) -> Option<EntityType> {
    (tag > 0)
        .then(|| EntityType::ALL.get(usize::from((tag - 1) / 2)).copied())
        .flatten()
}

/// True for an I tag.
pub fn is_inside(tag: Tag) -> bool {
    tag > 0 && tag.is_multiple_of(2)
}

/// True when `to` may follow `from` (`None`: sentence start): I-X only continues B-X or I-X.
pub fn allowed(from: Option<Tag>, to: Tag) -> bool {
    if !is_inside(to) {
        return true;
    }
    from.is_some_and(|f| f != 0 && tag_type(f) == tag_type(to))
}

/// Entity spans of a tag sequence, as CoNLL 2003's `conlleval` reads them: a chunk starts at a
/// B tag, or at an I tag whose type differs from the previous tag's.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let ty = tag_type(t);
        let continues = is_inside(t) && cur.is_some_and(|c| Some(c.1) == ty);
        if !continues {
            if let Some((s, ty)) = cur.take() {
                out.push((s, i, ty));
            }
            if let Some(ty) = ty {
                cur = Some((i, ty));
            }
        }
    }
    if let Some((s, ty)) = cur {
        out.push((s, tags.len(), ty));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_spans() {
        let (b, i) = (begin(EntityType::Per), inside(EntityType::Per));
        let il = inside(EntityType::Loc);
        assert_eq!(tag_type(b), Some(EntityType::Per));
        assert!(allowed(Some(b), i) && !allowed(None, i) && !allowed(Some(b), il));
        assert_eq!(
            spans(&[b, i, 0, il, il, b, b]),
            [
                (0, 2, EntityType::Per),
                (3, 5, EntityType::Loc),
                (5, 6, EntityType::Per),
                (6, 7, EntityType::Per)
            ]
        );
        assert_eq!(EntityType::from_label("PERS"), Ok(Some(EntityType::Per)));
        assert_eq!(EntityType::from_label("Group"), Ok(None));
        assert!(EntityType::from_label("XYZ").is_err());
    }
}
