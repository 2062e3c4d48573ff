package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate/assist"
)

// blendGrid is the blends each configuration is also tried with: a word
// model's log-odds and a bonus for a number added to its own, each in units
// of the spread of its log-odds on the training sentences.
var blendGrid = []assist.BlendOptions{
	{Words: 0.25, Lambda: 1e-4}, {Words: 0.5, Lambda: 1e-4}, {Words: 1, Lambda: 1e-4},
	{Words: 0.25, Lambda: 1e-4, Number: 0.5}, {Words: 0.5, Lambda: 1e-4, Number: 0.5}, {Words: 1, Lambda: 1e-4, Number: 0.5},
}

// withBlends returns the configurations followed by each with each blend.
func withBlends(base []config, blends []assist.BlendOptions) []config {
	out := append([]config(nil), base...)
	for _, c := range base {
		for _, b := range blends {
			o := c.o
			o.Blend = b
			out = append(out, config{blendName(c.name, b), o})
		}
	}
	return out
}

func blendName(base string, b assist.BlendOptions) string {
	name := base
	if b.Words > 0 {
		name += fmt.Sprintf("+w%g/%g", b.Words, b.Lambda)
	}
	if b.Number > 0 {
		name += fmt.Sprintf("+n%g", b.Number)
	}
	return name
}

func parseGrid(s string) []assist.BlendOptions {
	var out []assist.BlendOptions
	for _, t := range strings.Split(s, ",") {
		f := strings.Split(t, ":")
		if len(f) != 3 {
			fail(fmt.Errorf("blend %q is not words:lambda:number", t))
		}
		var v [3]float64
		for i := range f {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				fail(err)
			}
			v[i] = x
		}
		out = append(out, assist.BlendOptions{Words: v[0], Lambda: v[1], Number: v[2]})
	}
	return out
}

// fitter fits the candidates on one training set, sharing what candidates
// that differ only in their blend have in common.
type fitter struct {
	train   []assist.Example
	models  map[string]*assist.Model
	words   map[float64]*assist.WordModel
	spreads map[string][2]float64
}

func newFitter(train []assist.Example) *fitter {
	return &fitter{train: train, models: map[string]*assist.Model{}, words: map[float64]*assist.WordModel{}, spreads: map[string][2]float64{}}
}

// fit is what assist.Fit(train, o) returns.
func (f *fitter) fit(o assist.FitOptions) *assist.Model {
	b := o.Blend
	o.Blend = assist.BlendOptions{}
	key := fmt.Sprintf("%+v", o)
	m := f.models[key]
	if m == nil {
		m = assist.Fit(append([]assist.Example(nil), f.train...), o)
		f.models[key] = m
	}
	if b.Words == 0 && b.Number == 0 {
		return m
	}
	var w *assist.WordModel
	if b.Words > 0 {
		w = f.words[b.Lambda]
		if w == nil {
			w = assist.TrainWords(f.train, b.Lambda)
			f.words[b.Lambda] = w
		}
	}
	skey := fmt.Sprintf("%s %v", key, w != nil && b.Words > 0)
	if b.Words > 0 {
		skey += fmt.Sprint(b.Lambda)
	}
	sp, ok := f.spreads[skey]
	if !ok {
		s1, s2 := m.Spreads(f.train, w)
		sp = [2]float64{s1, s2}
		f.spreads[skey] = sp
	}
	return m.WithBlend(w, b.Words, b.Number, sp[0], sp[1])
}
