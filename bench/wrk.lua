-- wrk's script for `make bench` (see bench/wrk.py): counts the answers of each status, since
-- wrk itself counts only 4xx and 5xx as errors and the page may expect another status, and
-- prints one line of JSON at the end with the counts and the latency percentiles.
-- Usage: wrk ... -s bench/wrk.lua URL

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   -- Each thread has its own Lua state: done() reads these through thread:get().
   statuses = {}
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

local function json_object(entries)
   local parts = {}
   for key, value in pairs(entries) do
      table.insert(parts, string.format("%q: %d", tostring(key), value))
   end
   return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
   local statuses = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses") or {}) do
         statuses[status] = (statuses[status] or 0) + count
      end
   end
   local percentiles = {}
   for _, percent in ipairs({50, 95, 99}) do
      percentiles[tostring(percent)] = latency:percentile(percent)
   end
   io.write("wrk-json: {",
            string.format('"duration_us": %d, ', summary.duration),
            string.format('"responses": %d, ', summary.requests),
            '"statuses": ', json_object(statuses), ", ",
            '"socket_errors": ', json_object({connect = summary.errors.connect,
                                               read = summary.errors.read,
                                               write = summary.errors.write,
                                               timeout = summary.errors.timeout}), ", ",
            '"latency_us": ', json_object(percentiles), "}\n")
end
