// Package merge decides how a change made in another library is applied to
// this one, so that every library a change reaches, SQLite on a desk or the
// team's PostgreSQL, ends in the same state whatever order changes arrive in.
//
// The rules: fields merge by last writer, one field at a time, ordered by
// the hybrid logical clock (ties by change UUID); tags merge as sets, each
// member by its own last writer; a delete wins over an edit, which stays in
// the history but is not applied, and a create older than a delete does not
// bring the thing back.
package merge

import (
	"sort"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// Clock is when a value was last set: the HLC of the change that set it and
// that change's UUID, which orders two changes made in the same instant.
type Clock struct {
	HLC  annotate.HLC
	UUID string
}

// ClockOf is the clock of the change ch.
func ClockOf(ch annotate.Change) Clock { return Clock{ch.HLC, ch.UUID} }

// Before reports whether c was set before d. The zero clock is before any
// other.
func (c Clock) Before(d Clock) bool {
	if c.HLC != d.HLC {
		return c.HLC < d.HLC
	}
	return c.UUID < d.UUID
}

// IsZero reports whether nothing set the value.
func (c Clock) IsZero() bool { return c.HLC == "" && c.UUID == "" }

// TagKey is the key of a tag's clock in State.Clocks: each member of a set
// has its own last writer.
func TagKey(tag string) string { return "tags/" + tag }

// State is what a library knows of the thing a change is about.
type State struct {
	// Exists says whether the thing is in the library now.
	Exists bool
	// Deleted is the clock of its latest delete, zero if none.
	Deleted Clock
	// Created is the clock of its latest create, zero if none.
	Created Clock
	// Clocks holds, by field name (and TagKey for each tag), when the
	// field was last set.
	Clocks map[string]Clock
	// Authors holds, by field name, who set the field last.
	Authors map[string]string
	// Tags are the thing's tags now, and Verdict and Rationale its
	// verdict and rationale (claims only).
	Tags      []string
	Verdict   string
	Rationale string
	// history is what StateOf read the clocks from.
	history []annotate.Change
}

// StateOf reads the clocks of a thing from its history, the changes this
// library holds about it in any order; exists says whether it is in the
// library now.
func StateOf(history []annotate.Change, exists bool) State {
	st := State{Exists: exists, Clocks: map[string]Clock{}, Authors: map[string]string{}, history: history}
	for _, ch := range history {
		c := ClockOf(ch)
		switch ch.Op {
		case annotate.OpCreate:
			if st.Created.Before(c) {
				st.Created = c
			}
			// A create sets every field, the ones it leaves empty too
			// (a restored claim's), and the whole set of tags.
			for f := range Columns[ch.Kind] {
				if st.Clocks[f].Before(c) {
					st.Clocks[f] = c
					st.Authors[f] = ch.Author.UUID
				}
			}
			if st.Clocks["tags"].Before(c) {
				st.Clocks["tags"] = c
			}
		case annotate.OpDelete:
			if st.Deleted.Before(c) {
				st.Deleted = c
			}
			continue
		}
		for _, f := range ch.Fields {
			keys := []string{f.Field}
			if f.Field == "tags" {
				added, removed := TagDiff(f)
				keys = nil
				for _, t := range append(added, removed...) {
					keys = append(keys, TagKey(t))
				}
			}
			for _, k := range keys {
				if st.Clocks[k].Before(c) {
					st.Clocks[k] = c
					st.Authors[k] = ch.Author.UUID
				}
			}
		}
	}
	return st
}

// TagDiff is what a change to the tags adds and removes, whether it was
// recorded as a set change or as the whole list before and after.
func TagDiff(f annotate.FieldChange) (added, removed []string) {
	if f.Added != nil || f.Removed != nil {
		return f.Added, f.Removed
	}
	old, _ := f.Old.([]string)
	now, _ := f.New.([]string)
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, t := range now {
		if !in(old, t) {
			added = append(added, t)
		}
	}
	for _, t := range old {
		if !in(now, t) {
			removed = append(removed, t)
		}
	}
	return added, removed
}

// Decision is what to write for one incoming change. A change that decides
// nothing is still recorded in the history.
type Decision struct {
	// Create says to insert the thing with the values in Set.
	Create bool
	// Delete says to remove the thing.
	Delete bool
	// Set holds the fields to write and their new values; nil is the
	// field's zero value.
	Set map[string]any
	// Tags, when TagsChanged, is the thing's new set of tags.
	Tags        []string
	TagsChanged bool
	// Conflict, when set, holds two verdicts set concurrently by
	// different people: the claim is marked in conflict with them.
	Conflict []annotate.VerdictChoice
	// Resolve says the change picked a verdict of a claim in conflict.
	Resolve bool
	// Verdict is the verdict the change sets, as a choice: on a claim in
	// conflict it replaces its author's earlier choice.
	Verdict *annotate.VerdictChoice
}

// Empty reports whether the decision writes nothing.
func (d Decision) Empty() bool {
	return !d.Create && !d.Delete && len(d.Set) == 0 && !d.TagsChanged && d.Conflict == nil && !d.Resolve && d.Verdict == nil
}

// Decide says what to write for the incoming change ch to a thing whose
// state in this library is st.
func Decide(ch annotate.Change, st State) Decision {
	c := ClockOf(ch)
	var d Decision
	switch ch.Op {
	case annotate.OpCreate:
		// A thing deleted after this create (or the thing already here,
		// from this create or an earlier one) is left as it is.
		if st.Exists || c.Before(st.Deleted) {
			return d
		}
		d.Create = true
		d.Set = map[string]any{}
		for _, f := range ch.Fields {
			if f.Field == "tags" {
				d.Tags, _ = f.New.([]string)
				d.TagsChanged = true
				continue
			}
			d.Set[f.Field] = f.New
		}
		return d
	case annotate.OpDelete:
		if st.Exists && st.Created.Before(c) {
			d.Delete = true
		}
		return d
	}
	// An update or undo: a delete wins over it.
	if !st.Exists {
		return d
	}
	tags := append([]string(nil), st.Tags...)
	for _, f := range ch.Fields {
		switch f.Field {
		case annotate.ConflictField:
			d.Resolve = true
			continue
		case "verdict":
			d.Conflict = verdictConflict(ch, f, st)
			now, _ := f.New.(string)
			d.Verdict = &annotate.VerdictChoice{Verdict: annotate.Verdict(now),
				Rationale: RationaleOf(append(st.history[:len(st.history):len(st.history)], ch), ch.Author.UUID, ClockOf(ch)),
				Author:    annotate.Person{UUID: ch.Author.UUID, Name: ch.Author.Name}, Time: ch.HLC.Time()}
		}
		if f.Field == "tags" {
			added, removed := TagDiff(f)
			for _, t := range added {
				if st.Clocks[TagKey(t)].Before(c) && st.Clocks["tags"].Before(c) && !contains(tags, t) {
					tags = append(tags, t)
					d.TagsChanged = true
				}
			}
			for _, t := range removed {
				if st.Clocks[TagKey(t)].Before(c) && st.Clocks["tags"].Before(c) && contains(tags, t) {
					tags = remove(tags, t)
					d.TagsChanged = true
				}
			}
			continue
		}
		if st.Clocks[f.Field].Before(c) {
			if d.Set == nil {
				d.Set = map[string]any{}
			}
			d.Set[f.Field] = f.New
		}
	}
	if d.TagsChanged {
		if tags == nil {
			tags = []string{}
		}
		d.Tags = tags
	}
	return d
}

// verdictConflict is the two verdicts in conflict when the change ch sets
// the verdict (f) from a value other than the one here to yet another,
// and the one here was set by someone else: neither is picked silently.
func verdictConflict(ch annotate.Change, f annotate.FieldChange, st State) []annotate.VerdictChoice {
	old, _ := f.Old.(string)
	now, _ := f.New.(string)
	by := st.Authors["verdict"]
	if old == st.Verdict || now == st.Verdict || by == "" || by == ch.Author.UUID {
		return nil
	}
	here := st.Clocks["verdict"]
	return annotate.MergeChoices([]annotate.VerdictChoice{
		{Verdict: annotate.Verdict(st.Verdict), Rationale: RationaleOf(st.history, by, here), Author: annotate.Person{UUID: by}, Time: here.HLC.Time()},
	}, []annotate.VerdictChoice{
		{Verdict: annotate.Verdict(now), Rationale: RationaleOf(append(st.history[:len(st.history):len(st.history)], ch), ch.Author.UUID, ClockOf(ch)),
			Author: annotate.Person{UUID: ch.Author.UUID, Name: ch.Author.Name}, Time: ch.HLC.Time()},
	})
}

// RationaleOf is the rationale the person gave last as of the clock at:
// the one that goes with the verdict they set then. Every library that
// holds a person's verdict holds their earlier changes, so all find the
// same one.
func RationaleOf(history []annotate.Change, author string, at Clock) string {
	var best Clock
	rationale := ""
	for _, ch := range history {
		c := ClockOf(ch)
		if ch.Author.UUID != author || at.Before(c) || c.Before(best) {
			continue
		}
		for _, f := range ch.Fields {
			if f.Field == "rationale" && ch.Op != annotate.OpDelete {
				rationale, _ = f.New.(string)
				best = c
			}
		}
	}
	return rationale
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// Type is how a store keeps a field's value.
type Type int

// The types of the fields that merge writes.
const (
	Text Type = iota
	Int
	Real
	Time // RFC 3339 text in a change, "" for none
)

// Columns are the fields of each kind of thing that a change sets, with
// the column type a store keeps each in; the column is named as the field.
// An article's "version" is not among them: the current version follows
// from the versions an article has.
var Columns = map[string]map[string]Type{
	annotate.KindArticle: {
		"title": Text, "byline": Text, "publisher": Text, "url": Text, "language": Text,
		"published": Time, "report_url": Text, "report_published": Time,
	},
	annotate.KindClaim: {
		"number": Int, "start": Int, "end": Int, "exact": Text, "prefix": Text, "suffix": Text,
		"anchor_method": Text, "anchor_score": Real, "statement": Text, "claimant": Text,
		"claim_date": Text, "status": Text, "verdict": Text, "rationale": Text, "notes": Text,
		"assignee": Text, "checked_by": Text, "reviewed_by": Text,
	},
	annotate.KindSource: {
		"url": Text, "title": Text, "publisher": Text, "accessed": Time, "archive_url": Text,
		"stance": Text, "excerpt": Text,
	},
	annotate.KindVersion: {"number": Int, "format": Text, "sha256": Text},
}

// Value is v, a value as a change carries it (nil for the zero value), as
// a column of type t holds it: a string, an int64, a float64, or for a
// time its RFC 3339 text ("" for none).
func Value(t Type, v any) any {
	switch t {
	case Int:
		switch x := v.(type) {
		case int64:
			return x
		case float64:
			return int64(x)
		case int:
			return int64(x)
		}
		return int64(0)
	case Real:
		switch x := v.(type) {
		case int64:
			return float64(x)
		case float64:
			return x
		case int:
			return float64(x)
		}
		return float64(0)
	}
	s, _ := v.(string)
	return s
}

// Payload fields travel with a change between libraries but are not part of
// its record: a version's text and blocks, which its change names only by
// their SHA-256, so that the history does not hold every text twice.
const (
	PayloadText    = "_text"
	PayloadBlocks  = "_blocks"
	PayloadRemoved = "_removed"
)

// Recorded is fields without the payload fields.
func Recorded(fields []annotate.FieldChange) []annotate.FieldChange {
	out := make([]annotate.FieldChange, 0, len(fields))
	for _, f := range fields {
		if len(f.Field) > 0 && f.Field[0] == '_' {
			continue
		}
		out = append(out, f)
	}
	return out
}

// ConflictChoices is the choices a claim in conflict with had (none when
// it is not) holds after decision d, and whether they changed: the new
// conflict's verdicts join them, and a verdict set by one of their authors
// replaces that author's choice.
func ConflictChoices(had []annotate.VerdictChoice, d Decision) ([]annotate.VerdictChoice, bool) {
	if d.Conflict != nil {
		return annotate.MergeChoices(had, d.Conflict), true
	}
	if d.Verdict == nil {
		return had, false
	}
	for _, c := range had {
		if c.Author.UUID == d.Verdict.Author.UUID {
			return annotate.MergeChoices(had, []annotate.VerdictChoice{*d.Verdict}), true
		}
	}
	return had, false
}

// SharedSetting reports whether ch changes a setting the team shares (the
// organisation's name, its methodology...), merged by last writer. Settings
// under "user." belong to one desk and stay there.
func SharedSetting(ch annotate.Change) bool {
	return ch.Kind == annotate.KindSetting && ch.EntityKey != "" && !strings.HasPrefix(ch.EntityKey, "user.")
}

// Replay is the values a thing's fields hold after its history, each the
// last written, by clock: what a thing lost with its parent is made again
// from.
func Replay(history []annotate.Change) map[string]any {
	sorted := append([]annotate.Change(nil), history...)
	sort.Slice(sorted, func(i, j int) bool { return ClockOf(sorted[i]).Before(ClockOf(sorted[j])) })
	values := map[string]any{}
	for _, ch := range sorted {
		switch ch.Op {
		case annotate.OpDelete:
			continue
		case annotate.OpCreate:
			values = map[string]any{}
		}
		for _, f := range ch.Fields {
			if f.Field == "tags" && (f.Added != nil || f.Removed != nil) {
				tags, _ := values["tags"].([]string)
				for _, t := range f.Removed {
					tags = remove(tags, t)
				}
				for _, t := range f.Added {
					if !contains(tags, t) {
						tags = append(tags, t)
					}
				}
				values["tags"] = tags
				continue
			}
			values[f.Field] = f.New
		}
	}
	return values
}

// Recreate is the decision d to create a thing, with the values its whole
// history gives it: a thing deleted and restored elsewhere keeps the edits
// made after the restore, whatever order they arrived in.
func Recreate(d Decision, history []annotate.Change) Decision {
	d.Set = Replay(history)
	if tags, ok := d.Set["tags"].([]string); ok {
		d.Tags, d.TagsChanged = tags, true
	}
	delete(d.Set, "tags")
	return d
}

// Orphaned reports whether a child made at clock c went with its parent:
// the parent was deleted after it was made (a delete wins), even if the
// parent was restored since.
func Orphaned(c Clock, parent State) bool { return c.Before(parent.Deleted) }

// Survives reports whether a child whose history is given should exist
// under a parent restored after being deleted (parent): it was made after
// the parent's delete and not deleted itself since.
func Survives(history []annotate.Change, parent State) bool {
	st := StateOf(history, false)
	return !st.Created.IsZero() && st.Deleted.Before(st.Created) && !Orphaned(st.Created, parent)
}
