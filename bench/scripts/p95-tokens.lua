-- wrk script: each request signs in as the next of several users (bearer tokens, comma-separated, in TOKENS), so
-- that 8 connections are 8 different people; prints p50/p95/p99 latency in ms at the end.
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS") or "", "[^,]+") do table.insert(tokens, t) end
local counter = 0
function init(args) counter = math.random(#tokens) end
function request()
  counter = counter + 1
  return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1] })
end
function done(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d)\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
