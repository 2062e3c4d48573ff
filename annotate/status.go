package annotate

// Status says where the check of a claim stands.
type Status string

const (
	StatusUnchecked   Status = "unchecked"
	StatusInProgress  Status = "in-progress"
	StatusNeedsReview Status = "needs-review"
	StatusDone        Status = "done"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusUnchecked, StatusInProgress, StatusNeedsReview, StatusDone}

// ParseStatus returns the status named s.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Errorf(EINVALID, "unknown status %q (want unchecked, in-progress, needs-review or done)", s)
}

// Label is the status as shown to people.
func (s Status) Label() string {
	switch s {
	case StatusUnchecked:
		return "Unchecked"
	case StatusInProgress:
		return "In progress"
	case StatusNeedsReview:
		return "Needs review"
	case StatusDone:
		return "Done"
	}
	return string(s)
}

// Next is the status after s in the cycle the keyboard steps through.
func (s Status) Next() Status {
	for i, st := range Statuses {
		if st == s {
			return Statuses[(i+1)%len(Statuses)]
		}
	}
	return StatusUnchecked
}
