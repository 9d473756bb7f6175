-- wrk script: bearer token from the TOKEN environment variable; prints p50/p95/p99 latency in ms at the end.
-- (or the sign-in cookie from COOKIE, for pages).
local token = os.getenv("TOKEN")
local cookie = os.getenv("COOKIE")
if cookie ~= nil and cookie ~= "" then wrk.headers["Cookie"] = cookie else wrk.headers["Authorization"] = "Bearer " .. token end
function done(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d)\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
