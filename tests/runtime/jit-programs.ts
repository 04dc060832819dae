// Veld programs shared by the tests of the compiled tier.

/**
 * `f`'s loop takes another branch in each third of the run (i < 700, < 1400, the rest): the
 * blocks that had not run when it was compiled are left out, run by the interpreter, and put
 * back once entered often, version after version until every block is compiled. Ends with
 * `println(t)`; a test appends what it needs after it.
 */
export const PHASES = `fn f(i)
  var s = 0
  var j = 0
  while j < 4 do
    if i < 700 then
      s = s + j
    else if i < 1400 then
      s = s + j * 2
    else
      s = s - j
    end
    j = j + 1
  end
  s
end
var t = 0
var i = 0
while i < 3000 do
  t = t + f(i)
  i = i + 1
end
println(t)
`;
