package assist

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The check-worthiness model reads a sentence as hashed word unigrams and
// bigrams, hashed character 3- to 5-grams and a few hand-made cues. Hashing
// keeps the weights a fixed, small size whatever the vocabulary.
const (
	hashBits   = 18
	numBuckets = 1 << hashBits
)

// Hand-made cues, each a binary feature after the hashed buckets.
const (
	cueNumber = iota
	cuePercent
	cueMoney
	cueComparison
	cueDate
	cueAttribution
	cueEntity
	cueEntities
	cueHedge
	cueWe
	cueI
	cueYou
	cueQuestion
	cueExclamation
	cueLen5
	cueLen10
	cueLen20
	cueLen35
	cueLenMore
	cueQuote
	cueSuperlative
	cueNumberUnit
	cueTimeExpr
	cueNegation
	numCues
)

const numFeatures = numBuckets + numCues

// feature is one non-zero entry of a sentence's feature vector.
type feature struct {
	idx uint32
	val float32
}

// Namespaces keep the hashes of words, bigrams and character n-grams apart.
const (
	nsWord   = 0x9e3779b97f4a7c15
	nsBigram = 0xc2b2ae3d27d4eb4f
	nsChar   = 0x165667b19e3779f9
)

const fnvPrime = 1099511628211

func hashBytes(seed uint64, b []byte) uint64 {
	h := seed ^ 14695981039346656037
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// bucket folds a 64-bit hash into the table.
func bucket(h uint64) uint32 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return uint32(h & (numBuckets - 1))
}

type scratch struct {
	norm   []byte   // lower-cased sentence, digits as 0, words separated by one space
	words  [][]byte // slices of norm
	hashes []uint64
	feats  []feature
	cues   [numCues]bool // of the last sentence read
	ws     wordScratch
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// features appends the feature vector of sentence s to sc.feats.
func (sc *scratch) features(s string) []feature {
	sc.norm = sc.norm[:0]
	sc.words = sc.words[:0]
	sc.hashes = sc.hashes[:0]
	sc.feats = sc.feats[:0]

	var cues [numCues]bool
	nwords := 0
	capsInside := 0
	first := true
	prevEnd := true // the previous token ended a clause, so a capital is not a name
	s = strings.TrimSpace(s)

	// Normalise into sc.norm: " word word ... ".
	sc.norm = append(sc.norm, ' ')
	inWord := false
	wordStart := 0
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if !inWord {
				inWord = true
				wordStart = len(sc.norm)
				nwords++
				if unicode.IsUpper(c) && !first && !prevEnd {
					capsInside++
				}
				first = false
				prevEnd = false
			}
			if unicode.IsDigit(c) {
				cues[cueNumber] = true
				sc.norm = append(sc.norm, '0')
			} else {
				sc.norm = utf8.AppendRune(sc.norm, unicode.ToLower(c))
			}
		case c == '\'' || c == '’':
			// Keep "it's" one word: drop the apostrophe.
		case c == '%' || c == '$' || c == '€' || c == '£':
			if inWord {
				sc.words = append(sc.words, sc.norm[wordStart:len(sc.norm)])
				sc.norm = append(sc.norm, ' ')
				inWord = false
			}
			if c == '%' {
				cues[cuePercent] = true
			} else {
				cues[cueMoney] = true
			}
			wordStart = len(sc.norm)
			sc.norm = utf8.AppendRune(sc.norm, c)
			sc.words = append(sc.words, sc.norm[wordStart:len(sc.norm)])
			sc.norm = append(sc.norm, ' ')
		default:
			if inWord {
				sc.words = append(sc.words, sc.norm[wordStart:len(sc.norm)])
				sc.norm = append(sc.norm, ' ')
				inWord = false
			}
			switch c {
			case '?':
				cues[cueQuestion] = true
			case '!':
				cues[cueExclamation] = true
			case '"', '“', '”':
				cues[cueQuote] = true
			}
			if c == '.' || c == ':' || c == ';' || c == '"' || c == '“' || c == '—' || c == '(' {
				prevEnd = true
			}
		}
	}
	if inWord {
		sc.words = append(sc.words, sc.norm[wordStart:len(sc.norm)])
		sc.norm = append(sc.norm, ' ')
	}

	// Word cues.
	for i, w := range sc.words {
		switch cueWords[string(w)] {
		case cuePercent:
			cues[cuePercent] = true
		case cueMoney:
			cues[cueMoney] = true
		case cueComparison:
			cues[cueComparison] = true
		case cueDate:
			cues[cueDate] = true
		case cueAttribution:
			cues[cueAttribution] = true
		case cueHedge:
			cues[cueHedge] = true
		case cueWe:
			cues[cueWe] = true
		case cueI:
			cues[cueI] = true
		case cueYou:
			cues[cueYou] = true
		}
		if len(w) == 4 && (string(w[:2]) == "00") {
			// Years like 1990 or 2024 normalise to 0000; any four-digit
			// number is a likely year or count.
			cues[cueDate] = true
		}
		if string(w) == "according" && i+1 < len(sc.words) && string(sc.words[i+1]) == "to" {
			cues[cueAttribution] = true
		}
		if superlative(w) {
			cues[cueSuperlative] = true
		}
		if w[0] == '0' && i+1 < len(sc.words) && (units[string(sc.words[i+1])] || sc.words[i+1][0] == '%') {
			cues[cueNumberUnit] = true
		}
		if timeWords[string(w)] || (len(w) == 4 && string(w[:2]) == "00" && i > 0 && timePreps[string(sc.words[i-1])]) {
			cues[cueTimeExpr] = true
		}
		if negations[string(w)] {
			cues[cueNegation] = true
		}
	}
	cues[cueEntity] = capsInside > 0
	cues[cueEntities] = capsInside > 1
	switch {
	case nwords < 5:
		cues[cueLen5] = true
	case nwords < 10:
		cues[cueLen10] = true
	case nwords < 20:
		cues[cueLen20] = true
	case nwords < 35:
		cues[cueLen35] = true
	default:
		cues[cueLenMore] = true
	}

	// Hashed word unigrams and bigrams.
	for i, w := range sc.words {
		h := hashBytes(nsWord, w)
		sc.hashes = append(sc.hashes, h)
		sc.feats = append(sc.feats, feature{bucket(h), 0})
		if i > 0 {
			sc.feats = append(sc.feats, feature{bucket(sc.hashes[i-1]*31 ^ h ^ nsBigram), 0})
		}
	}
	if len(sc.words) > 0 {
		// Sentence start and end as bigrams.
		sc.feats = append(sc.feats, feature{bucket(nsBigram ^ sc.hashes[0]*7), 0})
		sc.feats = append(sc.feats, feature{bucket(nsBigram ^ sc.hashes[len(sc.hashes)-1]*13), 0})
	}
	nw := len(sc.feats)
	if nw > 0 {
		v := float32(1 / math.Sqrt(float64(nw)))
		for i := range sc.feats {
			sc.feats[i].val = v
		}
	}

	// Hashed character n-grams over the normalised text, spaces included,
	// so that word edges count.
	b := sc.norm
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(b); i++ {
			if b[i]&0xC0 == 0x80 {
				continue // start n-grams on code-point boundaries
			}
			sc.feats = append(sc.feats, feature{bucket(hashBytes(nsChar+uint64(n), b[i:i+n])), 0})
		}
	}
	if nc := len(sc.feats) - nw; nc > 0 {
		v := float32(1 / math.Sqrt(float64(nc)))
		for i := nw; i < len(sc.feats); i++ {
			sc.feats[i].val = v
		}
	}

	for i, on := range cues {
		if on {
			sc.feats = append(sc.feats, feature{uint32(numBuckets + i), 1})
		}
	}
	sc.cues = cues
	return sc.feats
}

// extract returns a fresh copy of the feature vector of s and its cues.
func extract(s string) ([]feature, [numCues]bool) {
	sc := scratchPool.Get().(*scratch)
	f := append([]feature(nil), sc.features(s)...)
	c := sc.cues
	scratchPool.Put(sc)
	return f, c
}

// superlative says whether a lower-cased word is a superlative: "most",
// "least", "best", "worst" or an "-est" adjective that is not one of the
// common words ending so ("interest", "west").
func superlative(w []byte) bool {
	switch string(w) {
	case "most", "least", "best", "worst", "first", "last":
		return true
	}
	return len(w) > 5 && string(w[len(w)-3:]) == "est" && !notSuperlative[string(w)]
}

var notSuperlative = set("interest", "interests", "protest", "protests", "request", "requests", "suggest",
	"invest", "forest", "honest", "modest", "harvest", "manifest", "contest", "arrest", "digest", "latest",
	"earnest", "behest", "conquest", "midwest", "southwest", "northwest", "detest", "attest", "bequest")

// units follow a number in a measured quantity: "40 percent", "3 million
// jobs", "200 people".
var units = set("percent", "per", "cent", "million", "billion", "trillion", "thousand", "hundred", "dollars",
	"people", "jobs", "years", "months", "weeks", "days", "hours", "times", "miles", "kilometres", "kilometers",
	"km", "kg", "tons", "tonnes", "barrels", "points", "votes", "seats", "deaths", "cases", "troops", "soldiers",
	"americans", "workers", "children", "students", "families", "countries", "states", "homes", "acres", "degrees",
	"euros", "pounds", "us", "m", "bn")

var timeWords = set("yesterday", "today", "tomorrow", "decade", "decades", "century", "ago", "since", "annually",
	"quarter", "monthly", "weekly", "january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december")

var timePreps = set("in", "since", "by", "until", "from", "before", "after", "of", "to", "between")

var negations = set("not", "no", "never", "nobody", "none", "nothing", "didnt", "doesnt", "dont", "isnt", "wasnt", "cant", "wont")

var cueWords = func() map[string]int {
	m := map[string]int{}
	add := func(cue int, words ...string) {
		for _, w := range words {
			m[w] = cue
		}
	}
	add(cuePercent, "percent", "per", "percentage", "cent", "percentages")
	add(cueMoney, "dollars", "dollar", "billion", "million", "trillion", "billions", "millions", "trillions", "euros", "pounds", "budget", "tax", "taxes", "debt", "deficit", "cost", "costs", "paid", "pay", "spent", "spend", "spending")
	add(cueComparison, "more", "less", "than", "fewer", "increase", "increased", "increases", "decrease", "decreased", "decreases", "highest", "lowest", "doubled", "tripled", "halved", "largest", "biggest", "smallest", "most", "least", "rise", "rose", "risen", "fell", "fallen", "drop", "dropped", "grew", "grown", "record", "higher", "lower", "only", "every", "never", "always", "times")
	add(cueDate, "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "year", "years", "yesterday", "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "decade", "decades", "century", "ago", "since", "last")
	add(cueAttribution, "said", "says", "say", "claimed", "claims", "claim", "stated", "states", "told", "tells", "announced", "reported", "reports", "according", "wrote", "tweeted", "argued", "insisted", "warned", "added")
	add(cueHedge, "might", "could", "reportedly", "perhaps", "possibly", "probably", "maybe", "allegedly", "likely", "seems", "appears", "suggest", "suggests", "believe", "think")
	add(cueWe, "we", "our", "us", "ours", "ourselves")
	add(cueI, "i", "me", "my", "mine", "myself")
	add(cueYou, "you", "your", "yours")
	return m
}()
