//go:build race

package ingest

// raceDetector is set when the tests run under -race, whose shadow memory
// makes resident-memory bounds meaningless.
const raceDetector = true
