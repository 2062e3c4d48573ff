package main

import "github.com/factdesk/factdesk/annotate/assist"

// trainTFIDF is the baseline: word unigrams and bigrams weighted by TF-IDF,
// L2-normalised, and a logistic regression over them (terms in at least
// two training sentences, penalty lambda), as a text classification course
// would build it. It is assist's word model alone, the one the blends add.
func trainTFIDF(ex []assist.Example, lambda float64) *assist.WordModel {
	return assist.TrainWords(ex, lambda)
}
