-- string_ops: 200,000 ints to strings, joined and split again; vowels counted char by char.
local parts = {}
for i = 0, 199999 do parts[#parts + 1] = tostring(i) end
local s = table.concat(parts, ",")
local back = {}
for p in string.gmatch(s, "[^,]+") do back[#back + 1] = p end
local total = 0
for _, p in ipairs(back) do total = total + #p end
local vowels = 0
local text = string.rep("the quick brown fox jumps over the lazy dog ", 20000)
for k = 1, #text do
  local c = string.sub(text, k, k)
  if c == "a" or c == "e" or c == "i" or c == "o" or c == "u" then vowels = vowels + 1 end
end
print(#back, total, vowels, #string.upper(text))
