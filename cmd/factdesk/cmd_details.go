package main

import "github.com/factdesk/factdesk/annotate"

// cmdArticle dispatches "article set".
func cmdArticle(e *env, args []string) error {
	if len(args) == 0 || args[0] != "set" {
		return usagef("article: want the sub-command set: factdesk article set ARTICLE --title T ...")
	}
	return cmdArticleSet(e, args[1:])
}

// cmdArticleSet changes an article's details; the window's Article details
// dialog makes the same changes through annotate.Article.SetDetail.
func cmdArticleSet(e *env, args []string) error {
	f := newFlags("article set")
	values := map[string]*string{}
	for _, name := range annotate.ArticleDetails {
		values[name] = f.String(name, "", "the article's "+name)
	}
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	changed := 0
	var setErr error
	f.Visit(func(fl *flagDef) {
		if _, ok := values[fl.Name]; ok && setErr == nil {
			setErr = a.SetDetail(fl.Name, fl.Value.String())
			changed++
		}
	})
	if setErr != nil {
		return setErr
	}
	if changed == 0 {
		return usagef("article set: nothing to change; give --title, --byline, --publisher, --url, --published or --language")
	}
	if err := db.UpdateArticle(e.ctx, a); err != nil {
		return err
	}
	if f.json {
		a.Text = ""
		return writeJSON(e.stdout, a)
	}
	return nil
}
