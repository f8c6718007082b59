package main

// Figure 1: process start → window mapped, app and baseline alternating.

import (
	"context"
	"fmt"
	"strings"
	"time"
)

func (r *runner) benchStart(ctx context.Context, display string) error {
	// An untimed start of each first (page cache), which also tells the size
	// the app's window maps at: the baseline opens at that size.
	var appGeo, baseGeo string
	var sizeArgs []string
	for _, isApp := range []bool{true, false} {
		bin, title, args := r.app, appTitle, []string(nil)
		if !isApp {
			bin, title, args = r.base, baseTitle, sizeArgs
		}
		w, err := r.launch(ctx, display, title, bin, args...)
		if err != nil {
			return err
		}
		// Cross-check with xdotool (what the e2e tests wait for).
		if _, err := w.xdo(ctx, "search", "--sync", "--onlyvisible", "--name", title); err != nil {
			r.stop(w.cmd)
			return err
		}
		geo := w.geometry(ctx)
		r.stop(w.cmd)
		if isApp {
			appGeo = geo
			if wh := strings.Split(geo, "x"); len(wh) == 2 {
				sizeArgs = []string{"-width", wh[0], "-height", wh[1]}
			}
		} else {
			baseGeo = geo
		}
		time.Sleep(200 * time.Millisecond)
	}
	// cold: a fresh HOME, as on a first start (empty Mesa shader cache and
	// font index); warm: a second start in the same HOME right after.
	var appT, baseT, appW, baseW []float64
	for i := 0; i < r.cfg.starts; i++ {
		order := []bool{true, false}
		if i%2 == 1 {
			order = []bool{false, true}
		}
		for _, isApp := range order {
			bin, title, args := r.base, baseTitle, sizeArgs
			if isApp {
				bin, title, args = r.app, appTitle, nil
			}
			home := ""
			for warm := 0; warm < 2; warm++ {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				w, err := r.launchIn(ctx, display, home, title, bin, args...)
				if err != nil {
					return err
				}
				home = w.home
				time.Sleep(300 * time.Millisecond) // let it write its caches
				r.stop(w.cmd)
				ms := w.mapped.Seconds() * 1000
				switch {
				case isApp && warm == 0:
					appT = append(appT, ms)
				case isApp:
					appW = append(appW, ms)
				case warm == 0:
					baseT = append(baseT, ms)
				default:
					baseW = append(baseW, ms)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	a, b := median(appT), median(baseT)
	r.detail("start, cold (ms, process start → MapNotify, fresh HOME): app %s; baseline %s", fmtList(appT), fmtList(baseT))
	r.detail("start, warm (ms, second start in the same HOME: Mesa shader cache and font index filled): app %s; baseline %s → medians %.0f vs %.0f ms, %.2f×",
		fmtList(appW), fmtList(baseW), median(appW), median(baseW), median(appW)/median(baseW))
	r.detail("window size at map: app %s, baseline %s", appGeo, baseGeo)
	r.put("1", result{name: fmt.Sprintf("%s (median of %d)", targetByID("1").name, len(appT)),
		app: fmt.Sprintf("%.0f ms", a), base: fmt.Sprintf("%.0f ms", b), ratio: a / b, ratioed: true})
	if appGeo != baseGeo {
		r.detail("WARNING: the windows map at different sizes (%s vs %s)", appGeo, baseGeo)
	}
	return nil
}
