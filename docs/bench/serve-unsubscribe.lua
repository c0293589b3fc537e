-- wrk script for docs/bench/serve-bench.sh: RFC 8058 one-click unsubscribes, as a mail provider
-- posts them (no cookie, no token, body List-Unsubscribe=One-Click), each to the unsubscribe URL of
-- another subscriber. The URLs (path and query, one a line) are made by dev.tidings.bench.UnsubscribeUrls.
--   wrk -s serve-unsubscribe.lua http://127.0.0.1:PORT -- URLS.txt
local threads = 0
local paths = {}
local i = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  -- each thread starts at its own place in the list, so that threads post for different subscribers
  i = math.floor((offset or 0) * #paths / 8)
end

function request()
  i = i % #paths + 1
  return wrk.format("POST", paths[i], { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "List-Unsubscribe=One-Click")
end
