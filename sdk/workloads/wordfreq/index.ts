// wordfreq: counts word occurrences in a text.
// stdin: any bytes, at most 4 MiB. A word is a maximal run of ASCII letters, lowercased; every other byte
// (digits, punctuation, whitespace, and all non-ASCII bytes, so "café" is the word "caf") separates words.
// stdout: one line "<count> <word>\n" per distinct word, by count descending, then word ascending (byte
// order); nothing for an input without words.
// argv[1] (optional): print only the first <top> lines, 1..1000000.
// Bad input: a message on stderr and exit code 2.

import { fail, parseSmallInt, readStdin, Output } from "../common/io";

const MAX_INPUT_BYTES = 4 * 1024 * 1024;
const MAX_TOP = 1_000_000;

class WordCount {
  constructor(
    public word: string,
    public count: i32,
  ) {}
}

function topArgument(): i32 {
  const argv = process.argv;
  if (argv.length < 2) return i32.MAX_VALUE;
  const top = parseSmallInt(argv[1]);
  if (argv.length > 2 || top < 1 || top > MAX_TOP) {
    return fail<i32>("wordfreq: the only argument is the number of lines to print, 1 to " + MAX_TOP.toString());
  }
  return top;
}

function isLetter(c: u8): bool {
  const lower = c | 0x20; // ASCII upper and lower case differ in this bit only
  return lower >= 0x61 && lower <= 0x7a;
}

function byCountThenWord(a: WordCount, b: WordCount): i32 {
  if (a.count != b.count) return b.count - a.count;
  // Words are lowercase ASCII, so comparing UTF-16 code units is comparing bytes.
  return a.word < b.word ? -1 : a.word > b.word ? 1 : 0;
}

const top = topArgument();
const text = readStdin("wordfreq", MAX_INPUT_BYTES);

// Index of each distinct word in `counts`, so each occurrence costs one map lookup.
const indexOf = new Map<string, i32>();
const counts: WordCount[] = [];
let start = -1; // where the current word began, or -1 between words
for (let i = 0; i <= text.length; i++) {
  const letter = i < text.length && isLetter(text[i]);
  if (letter) {
    text[i] |= 0x20; // lowercase in place
    if (start < 0) start = i;
  } else if (start >= 0) {
    const word = String.UTF8.decodeUnsafe(text.dataStart + <usize>start, <usize>(i - start));
    if (indexOf.has(word)) counts[indexOf.get(word)].count++;
    else {
      indexOf.set(word, counts.length);
      counts.push(new WordCount(word, 1));
    }
    start = -1;
  }
}

counts.sort(byCountThenWord);
const out = new Output();
const lines = min(top, counts.length);
for (let i = 0; i < lines; i++) {
  out.ascii(counts[i].count.toString());
  out.byte(0x20);
  out.ascii(counts[i].word);
  out.byte(0x0a);
}
out.flush();
