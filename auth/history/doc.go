// Package history records what happened to a profile's tokens: events,
// the facts kept of each token set, the diffs between sets, and their JSON.
package history
