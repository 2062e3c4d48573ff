package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/outfile"
)

// prefRecentDirs holds the folders files were last opened from or saved
// to, newest first, one a line.
const prefRecentDirs = "files.recent"

const maxRecentDirs = 8

// fileChooser is the one dialog for choosing a file to open or a place to
// save. Fyne's stock file dialogs do not serve: the save dialog creates and
// empties the chosen file before the program can refuse it, and neither
// takes a typed or pasted path. This one writes nothing: it hands the path
// to its caller, whose writer checks it again.
type fileChooser struct {
	ws      *Workspace
	save    bool
	exts    []string // lower-case, with the dot; nil lists every file
	check   func(path string) error
	chosen  func(path string)
	dir     string
	entries []fileEntry

	recent  *widget.Select
	list    *widget.List
	path    *widget.Entry
	problem *widget.Label
	ok      *widget.Button
	dlg     dialog.Dialog
}

type fileEntry struct {
	name string
	dir  bool
}

// chooseFile shows the chooser. For a save, name is the file name offered;
// check, when set, refuses a path with an error the chooser shows.
func (ws *Workspace) chooseFile(title string, save bool, exts []string, name string,
	check func(path string) error, chosen func(path string)) *fileChooser {
	c := &fileChooser{ws: ws, save: save, exts: exts, check: check, chosen: chosen}
	c.build(title)
	dir := ws.recentDirs()
	start, _ := os.UserHomeDir()
	if len(dir) > 0 {
		start = dir[0]
	}
	c.open(start)
	if save && name != "" {
		c.path.SetText(filepath.Join(c.dir, name))
	}
	c.dlg.Show()
	ws.win.Canvas().Focus(c.path)
	return c
}

func (c *fileChooser) build(title string) {
	c.recent = widget.NewSelect(nil, func(dir string) {
		if dir != "" && dir != c.dir {
			c.open(dir)
		}
	})
	c.recent.PlaceHolder = "Recent folders"
	up := widget.NewButtonWithIcon("Up", theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	home := widget.NewButtonWithIcon("Home", theme.HomeIcon(), func() {
		if h, err := os.UserHomeDir(); err == nil {
			c.open(h)
		}
	})
	c.list = widget.NewList(
		func() int { return len(c.entries) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(c.entries) {
				return
			}
			e := c.entries[i]
			box := o.(*fyne.Container)
			label, icon := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Icon)
			if e.dir {
				icon.SetResource(theme.FolderIcon())
				label.SetText(e.name + string(filepath.Separator))
			} else {
				icon.SetResource(theme.FileIcon())
				label.SetText(e.name)
			}
		})
	c.list.OnSelected = c.onSelected
	c.path = widget.NewEntry()
	c.path.SetPlaceHolder("Type or paste a path")
	c.path.OnSubmitted = func(string) { c.onConfirm() }
	c.path.OnChanged = func(string) { c.problem.Hide() }
	c.problem = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{})
	c.problem.Importance = widget.DangerImportance
	c.problem.Wrapping = fyne.TextWrapWord
	c.problem.Hide()

	confirm := "Open"
	if c.save {
		confirm = "Save"
	}
	c.ok = widget.NewButton(confirm, c.onConfirm)
	c.ok.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { c.dlg.Hide() })
	kinds := "All files"
	if len(c.exts) > 0 {
		kinds = "Shows " + strings.Join(c.exts, " ")
	}
	hint := widget.NewLabel(kinds)
	hint.SizeName = theme.SizeNameCaptionText

	top := container.NewBorder(nil, nil, nil, container.NewHBox(up, home), c.recent)
	pathRow := container.NewBorder(nil, nil, widget.NewLabel("Path"), nil, c.path)
	bottom := container.NewVBox(pathRow, c.problem,
		container.NewBorder(nil, nil, hint, container.NewHBox(cancel, c.ok)))
	content := container.NewBorder(top, bottom, nil, nil, c.list)
	c.dlg = dialog.NewCustomWithoutButtons(title, content, c.ws.win)
	size := c.ws.win.Canvas().Size()
	c.dlg.Resize(fyne.NewSize(min(760, size.Width-40), min(540, size.Height-40)))
}

// open lists a folder: its sub-folders, then the files of the kinds asked
// for, each group by name. Hidden entries are left out.
func (c *fileChooser) open(dir string) {
	dir = filepath.Clean(dir)
	items, err := os.ReadDir(dir)
	if err != nil {
		c.showProblem(annotate.Errorf(annotate.EINVALID, "cannot open folder %s: %v", dir, unwrapPath(err)))
		return
	}
	c.dir = dir
	var dirs, files []fileEntry
	for _, it := range items {
		name := it.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		isDir := it.IsDir()
		if it.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			dirs = append(dirs, fileEntry{name, true})
		case c.wanted(name):
			files = append(files, fileEntry{name, false})
		}
	}
	c.entries = append(dirs, files...)
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
	c.syncRecent()
	c.recent.SetSelected(dir)
	if c.save {
		name := filepath.Base(strings.TrimSpace(c.path.Text))
		if c.path.Text == "" || name == "." {
			c.path.SetText(dir + string(filepath.Separator))
		} else {
			c.path.SetText(filepath.Join(dir, name))
		}
	} else {
		c.path.SetText(dir + string(filepath.Separator))
	}
	c.problem.Hide()
}

func (c *fileChooser) wanted(name string) bool {
	return len(c.exts) == 0 || slices.Contains(c.exts, strings.ToLower(filepath.Ext(name)))
}

func (c *fileChooser) onSelected(i widget.ListItemID) {
	if i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	if e.dir {
		c.open(filepath.Join(c.dir, e.name))
		return
	}
	c.path.SetText(filepath.Join(c.dir, e.name))
}

// onConfirm takes the typed path: a folder is opened, a file is checked and
// handed to the caller.
func (c *fileChooser) onConfirm() {
	p := strings.TrimSpace(c.path.Text)
	if p == "" {
		c.showProblem(annotate.Errorf(annotate.EINVALID, "type a path or choose a file"))
		return
	}
	if strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		if h, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(h, p[2:])
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(c.dir, p)
	}
	p = filepath.Clean(p)
	fi, err := os.Stat(p)
	switch {
	case err == nil && fi.IsDir():
		c.open(p)
		return
	case err == nil && !c.save && !fi.Mode().IsRegular():
		c.showProblem(annotate.Errorf(annotate.EINVALID, "%s is not a regular file", p))
		return
	case err != nil && !c.save:
		c.showProblem(annotate.Errorf(annotate.ENOTFOUND, "cannot open %s: %v", p, unwrapPath(err)))
		return
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		c.showProblem(annotate.Errorf(annotate.EINVALID, "cannot save to %s: %v", p, unwrapPath(err)))
		return
	}
	if c.save {
		if fi, err := os.Stat(filepath.Dir(p)); err != nil || !fi.IsDir() {
			c.showProblem(annotate.Errorf(annotate.ENOTFOUND, "folder %s does not exist", filepath.Dir(p)))
			return
		}
	}
	if c.check != nil {
		if err := c.check(p); err != nil {
			c.showProblem(err)
			return
		}
	}
	c.ws.rememberDir(filepath.Dir(p))
	c.dlg.Hide()
	c.chosen(p)
}

func (c *fileChooser) showProblem(err error) {
	c.problem.SetText(annotate.ErrorMessage(err))
	c.problem.Show()
}

func (c *fileChooser) syncRecent() {
	dirs := c.ws.recentDirs()
	if !slices.Contains(dirs, c.dir) {
		dirs = append([]string{c.dir}, dirs...)
	}
	c.recent.SetOptions(dirs)
}

// recentDirs are the folders last used, newest first, that still exist.
func (ws *Workspace) recentDirs() []string {
	var out []string
	for _, d := range strings.Split(ws.app.Preferences().String(prefRecentDirs), "\n") {
		if d == "" {
			continue
		}
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

func (ws *Workspace) rememberDir(dir string) {
	dirs := slices.DeleteFunc(ws.recentDirs(), func(d string) bool { return d == dir })
	dirs = append([]string{dir}, dirs...)
	if len(dirs) > maxRecentDirs {
		dirs = dirs[:maxRecentDirs]
	}
	ws.app.Preferences().SetString(prefRecentDirs, strings.Join(dirs, "\n"))
}

// unwrapPath drops the operation and path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkOutput refuses, before anything is written, a path the export's
// writer would refuse: the open library or a file SQLite keeps beside it,
// another library, a folder or a device.
func (ws *Workspace) checkOutput(path string) error {
	var protect []string
	if ws.opts.DBPath != "" {
		protect = []string{ws.opts.DBPath}
	}
	return outfile.Check(path, outfile.Options{Protect: protect})
}
