//go:build race

package team

// raceDetector is set under -race. The fault tests kill and restart
// processes and servers; they look for lost and repeated changes, not data
// races, and make test runs them without the detector's tenfold cost.
const raceDetector = true
