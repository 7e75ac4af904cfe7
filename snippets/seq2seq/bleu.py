from dlnotes.numpy.seq2seq import bleu, modified_precision

# Papineni et al. (2002): three reference translations, two candidates
refs = [
    "It is a guide to action that ensures that the military will forever "
    "heed Party commands",
    "It is the guiding principle which guarantees the military forces "
    "always being under the command of the Party",
    "It is the practical guide for the army always to heed the directions "
    "of the party",
]
cand1 = ("It is a guide to action which ensures that the military always "
         "obeys the commands of the party")
cand2 = ("It is to insure the troops forever hearing the activity guidebook "
         "that party direct")
for name, cand in (("candidate 1", cand1), ("candidate 2", cand2)):
    p = [modified_precision(cand, refs, n) for n in (1, 2, 3, 4)]
    print(name, " ".join(f"p{n}={m}/{t}" for n, (m, t) in enumerate(p, 1)),
          f"BLEU = {bleu(cand, refs):.4f}")

seven = "the the the the the the the"
print("'the' x 7: p1 =", modified_precision(
    seven, ["the cat is on the mat", "there is a cat on the mat"], 1))
short = bleu("the cat", ["the cat is on the mat"], max_n=2)
print(f"'the cat': p1 = p2 = 1, BP = exp(1 - 6/2), BLEU = {short:.4f}")
