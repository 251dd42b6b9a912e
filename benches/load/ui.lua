-- wrk script: the requests the web interface makes for a search page (a search with facets,
-- then its timeline), over a fixed list of news queries, and an article page now and then
-- (ids from the KHABAR_IDS environment variable, comma-separated).
--   wrk -t2 -c16 -d30s --latency -s benches/load/ui.lua http://127.0.0.1:18080

local queries = {
  "ترامب", "بوتين قمة", "الحكومة العراقية", "أسعار النفط", "كأس العالم", "الأمم المتحدة",
  "وزير الخارجية", "الانتخابات", "السعودية", "إيران الاتفاق النووي", "سوريا", "مصر",
  "كوريا الشمالية", "اللاجئين", "الاقتصاد", "البنك المركزي", "الدولار", "القدس",
  "الرئيس الأمريكي", "\"وزير الخارجية\"", "بلنكن", "التضخم", "المياه", "",
}

local ids = {}
local env = os.getenv("KHABAR_IDS")
if env then
  for id in string.gmatch(env, "[^,]+") do ids[#ids + 1] = id end
end

local function enc(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local n = 0
request = function()
  n = n + 1
  local q = enc(queries[math.random(#queries)])
  local r = math.random(100)
  if #ids > 0 and r <= 15 then
    return wrk.format("GET", "/api/articles/" .. enc(ids[math.random(#ids)]))
  elseif r <= 50 then
    return wrk.format("GET", "/api/timeline?q=" .. q)
  end
  return wrk.format("GET", "/api/search?q=" .. q .. "&facets=8&limit=10")
end

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "requests %d in %.1f s: %.0f requests/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; " ..
    "errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
