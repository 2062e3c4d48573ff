// Package assets holds the files FactDesk embeds: its icon and the sample
// article a new library offers to open.
package assets

import (
	_ "embed"
)

// Sample is a fictional news article in Markdown, with quotes, numbers and
// attributions to practise on.
//
//go:embed sample.md
var Sample []byte

// SampleName is the file name the sample is imported under.
const SampleName = "sample.md"

// Icon is the application icon as a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte
