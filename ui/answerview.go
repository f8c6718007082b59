package ui

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// answerView shows one operation's answer (answerSpec) as a token, with
// its entry in the side navigation.
type answerView struct {
	kind workspace.OpKind
	spec *answerSpec
	view *tokenView
	nav  *navItem
}

// newAnswerView builds the view of spec and adds its navigation entry.
func newAnswerView(tabs *sideNav, kind workspace.OpKind, spec *answerSpec, copy func(text, what string)) *answerView {
	a := &answerView{kind: kind, spec: spec, view: newTokenView(spec.title, copy)}
	a.nav = tabs.add(spec.nav, spec.icon(), a.view.root)
	return a
}

// draw shows the answer s holds, or says how to get one.
func (a *answerView) draw(s workspace.Snapshot, now time.Time) {
	d, heading, ok := a.spec.show(s)
	if !ok {
		a.view.setEmpty(a.spec.empty)
		return
	}
	a.view.response = ""
	if a.spec.response != nil {
		a.view.response = a.spec.response(s)
	}
	a.view.set(d, tokenLinks{}, now)
	if heading != "" {
		a.view.heading.SetText(heading)
	}
}

// tick runs the view's countdown when its answer's does.
func (a *answerView) tick(now time.Time) {
	if a.spec.ticks {
		a.view.tick(now)
	}
}

// answer is the view of kind's answer, or nil when it has none.
func (v *views) answer(kind workspace.OpKind) *answerView {
	for _, a := range v.answers {
		if a.kind == kind {
			return a
		}
	}
	return nil
}
