package app

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// MenuEntry is one item of the main menu as the window builds it.
type MenuEntry struct {
	// Path is the menu's label, then the item's (and a submenu's) label.
	Path []string `json:"path"`
	// Menu is the menu's place in the bar; Item the item's place in its
	// menu, separators not counted, as the keyboard steps through them.
	Menu int `json:"menu"`
	Item int `json:"item"`
	// Shortcut is written as the README writes keys: "Ctrl+Shift+V".
	Shortcut string `json:"shortcut,omitempty"`
	Quit     bool   `json:"quit,omitempty"`
}

// ToolbarEntry is one item of the toolbar, in order from the left.
type ToolbarEntry struct {
	Kind  string `json:"kind"` // "action", "separator" or "spacer"
	Icon  string `json:"icon,omitempty"`
	Label string `json:"label,omitempty"`
	Tip   string `json:"tip,omitempty"` // the tooltip, which names the shortcut
}

// MenuDump is what DumpMenu prints.
type MenuDump struct {
	Menu    []MenuEntry    `json:"menu"`
	Toolbar []ToolbarEntry `json:"toolbar"`
}

// DumpMenu writes, as JSON, the main menu and the toolbar that the window
// would show, built by the same code; no action is run.
func DumpMenu(w io.Writer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("build the menu: %v", v)
		}
	}()
	// The toolbar's icons come from the app's theme; an app that never
	// opens a window gives them. DumpMenu runs alone in its process.
	fyneapp.NewWithID(appID)
	// The menu's closures capture the workspace and its views but are not
	// called here, so empty ones do.
	ws := &Workspace{article: &articleView{}, library: &libraryView{}}
	a := newActions(ws)
	ws.actions = a
	var d MenuDump
	for i, m := range a.menu().Items {
		d.Menu = append(d.Menu, menuEntries(i, []string{m.Label}, m)...)
	}
	for _, it := range a.toolItems() {
		switch {
		case it.spacer:
			d.Toolbar = append(d.Toolbar, ToolbarEntry{Kind: "spacer"})
		case it.fn == nil:
			d.Toolbar = append(d.Toolbar, ToolbarEntry{Kind: "separator"})
		default:
			d.Toolbar = append(d.Toolbar, ToolbarEntry{Kind: "action", Icon: it.icon.Name(), Label: it.label, Tip: it.tip})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func menuEntries(menu int, path []string, m *fyne.Menu) []MenuEntry {
	var out []MenuEntry
	n := 0
	for _, it := range m.Items {
		if it.IsSeparator {
			continue
		}
		p := append(append([]string(nil), path...), it.Label)
		if it.ChildMenu != nil {
			out = append(out, menuEntries(menu, p, it.ChildMenu)...)
		} else {
			out = append(out, MenuEntry{Path: p, Menu: menu, Item: n, Shortcut: shortcutName(it.Shortcut), Quit: it.IsQuit})
		}
		n++
	}
	return out
}

// shortcutName writes a keyboard shortcut as "Ctrl+Shift+T".
func shortcutName(s fyne.Shortcut) string {
	ks, ok := s.(fyne.KeyboardShortcut)
	if !ok {
		return ""
	}
	var parts []string
	mod := ks.Mod()
	for _, m := range []struct {
		m    fyne.KeyModifier
		name string
	}{{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierAlt, "Alt"}, {fyne.KeyModifierShift, "Shift"}, {fyne.KeyModifierSuper, "Super"}} {
		if mod&m.m != 0 {
			parts = append(parts, m.name)
		}
	}
	return strings.Join(append(parts, string(ks.Key())), "+")
}
