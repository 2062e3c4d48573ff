package assist

import (
	"math"
	"strings"
	"unicode"
)

// DocSentence is a sentence in its document: the turn or paragraph it
// belongs to and, in a transcript, who speaks it. Sentences of a document
// are given in reading order.
type DocSentence struct {
	Text    string
	Block   int    // paragraph or speaker turn; consecutive sentences with the same Block belong together
	Speaker string // "" when the document has no speakers
}

// The dense features the trees read, one row per sentence.
const (
	dText         = iota // the text model's log-odds
	dPrev                // the previous sentence's in the same block, or dNone
	dNext                // the next one's
	dBlockMax            // the best in the block
	dBlockMean           // their mean
	dDocRank             // the share of the document's sentences scoring below it
	dDocZ                // how many standard deviations above the document's mean
	dPosBlock            // position in the block, 0 to 1
	dFirst               // first in its block
	dLast                // last in its block
	dBlockLen            // log of the block's length in sentences
	dPosDoc              // position in the document, 0 to 1
	dAlone               // a sentence without a document around it
	dSpeakerQ            // share of the speaker's sentences that are questions, -1 without speakers
	dSpeakerShare        // share of the document's sentences that are the speaker's
	dPrevQuestion        // the sentence before it (in the document) is a question
	dWords               // log of its word count
	dEntities            // gazetteer names it mentions
	dSpeakerMean         // the mean text log-odds of the speaker's sentences
	dSpeakerRank         // the share of the speaker's sentences scoring below it
	dCues                // the hand-made cues follow, one each
	numDense      = dCues + numCues
)

// dNone stands for a missing neighbour's score.
const dNone = -20

// denseRows computes the dense rows of a document's sentences, given their
// text log-odds z (one each) and the hashed feature vectors' cues.
func denseRows(doc []DocSentence, z []float64, cues [][numCues]bool, gaz map[string]bool) [][]float32 {
	n := len(doc)
	rows := make([][]float32, n)
	// Sentences of each block, speakers' counts.
	blockStart := make([]int, n)
	blockEnd := make([]int, n)
	for i := 0; i < n; {
		j := i
		for j < n && doc[j].Block == doc[i].Block {
			j++
		}
		for k := i; k < j; k++ {
			blockStart[k], blockEnd[k] = i, j
		}
		i = j
	}
	spoken := map[string]int{}
	asked := map[string]int{}
	for _, s := range doc {
		if s.Speaker != "" {
			spoken[s.Speaker]++
			if isQuestion(s.Text) {
				asked[s.Speaker]++
			}
		}
	}
	var mean, sd float64
	for _, v := range z {
		mean += v
	}
	mean /= float64(max(n, 1))
	for _, v := range z {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd/float64(max(n, 1))) + 1e-6
	rank := ranks(z)
	// Each speaker's sentences' scores, for their mean and ranks.
	bySpeaker := map[string][]int{}
	for i, s := range doc {
		bySpeaker[s.Speaker] = append(bySpeaker[s.Speaker], i)
	}
	spMean := make([]float64, n)
	spRank := make([]float64, n)
	for _, idx := range bySpeaker {
		zs := make([]float64, len(idx))
		var sum float64
		for k, i := range idx {
			zs[k] = z[i]
			sum += z[i]
		}
		rk := ranks(zs)
		for k, i := range idx {
			spMean[i] = sum / float64(len(idx))
			spRank[i] = 0.5
			if len(idx) > 1 {
				spRank[i] = float64(rk[k]) / float64(len(idx)-1)
			}
		}
	}
	for i, s := range doc {
		r := make([]float32, numDense)
		r[dText] = float32(z[i])
		a, b := blockStart[i], blockEnd[i]
		r[dPrev], r[dNext] = dNone, dNone
		if i > a {
			r[dPrev] = float32(z[i-1])
		}
		if i+1 < b {
			r[dNext] = float32(z[i+1])
		}
		bm, bs := math.Inf(-1), 0.0
		for k := a; k < b; k++ {
			bm = max(bm, z[k])
			bs += z[k]
		}
		r[dBlockMax] = float32(bm)
		r[dBlockMean] = float32(bs / float64(b-a))
		if n > 1 {
			r[dDocRank] = float32(rank[i]) / float32(n-1)
			r[dDocZ] = float32((z[i] - mean) / sd)
			r[dPosDoc] = float32(i) / float32(n-1)
		} else {
			r[dDocRank], r[dDocZ], r[dPosDoc] = 0.5, 0, 0
			r[dAlone] = 1
		}
		if b-a > 1 {
			r[dPosBlock] = float32(i-a) / float32(b-a-1)
		}
		if i == a {
			r[dFirst] = 1
		}
		if i == b-1 {
			r[dLast] = 1
		}
		r[dBlockLen] = float32(math.Log(float64(b - a)))
		r[dSpeakerQ], r[dSpeakerShare] = -1, -1
		if s.Speaker != "" {
			r[dSpeakerQ] = float32(asked[s.Speaker]) / float32(spoken[s.Speaker])
			r[dSpeakerShare] = float32(spoken[s.Speaker]) / float32(n)
		}
		if i > 0 && isQuestion(doc[i-1].Text) {
			r[dPrevQuestion] = 1
		}
		words, names := countWords(s.Text, gaz)
		r[dWords] = float32(math.Log1p(float64(words)))
		r[dEntities] = float32(names)
		r[dSpeakerMean] = float32(spMean[i])
		r[dSpeakerRank] = float32(spRank[i])
		for c, on := range cues[i] {
			if on {
				r[dCues+c] = 1
			}
		}
		rows[i] = r
	}
	return rows
}

func isQuestion(s string) bool {
	s = strings.TrimRight(s, " ”\"’')")
	return strings.HasSuffix(s, "?")
}

// ranks gives each value the number of values strictly below it.
func ranks(z []float64) []int {
	order := rank(z) // descending
	out := make([]int, len(z))
	for r, i := range order {
		out[i] = len(z) - 1 - r
	}
	return out
}

// countWords counts the words of s and those of its capitalised words that
// are in the gazetteer.
func countWords(s string, gaz map[string]bool) (words, names int) {
	first := true
	for w := range strings.FieldsFuncSeq(s, func(c rune) bool { return !unicode.IsLetter(c) && c != '-' && c != '.' }) {
		w = strings.Trim(w, ".-")
		if w == "" {
			continue
		}
		words++
		if !first && isCapital(w) && gaz[strings.ToLower(w)] {
			names++
		}
		first = false
	}
	return words, names
}

// BuildGazetteer collects the names of a training text: capitalised words
// seen inside sentences (not as their first word) at least minCount times
// and capitalised there in most of their uses, so that "Iran", "Medicare"
// or "ISIS" are in and "The" or "I" are out.
func BuildGazetteer(texts []string, minCount int) map[string]bool {
	capInside := map[string]int{}
	all := map[string]int{}
	for _, s := range texts {
		first := true
		for w := range strings.FieldsFuncSeq(s, func(c rune) bool { return !unicode.IsLetter(c) && c != '-' && c != '.' }) {
			w = strings.Trim(w, ".-")
			if len(w) < 2 {
				first = false
				continue
			}
			lw := strings.ToLower(w)
			all[lw]++
			if !first && isCapital(w) {
				capInside[lw]++
			}
			first = false
		}
	}
	gaz := map[string]bool{}
	for w, c := range capInside {
		if c >= minCount && float64(c) >= 0.7*float64(all[w]) && !sentenceOpeners[w] && !titles[w] && w != "i" {
			gaz[w] = true
		}
	}
	return gaz
}
