package pipeline

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/hushlog/hush/record"
)

// QueuePolicy says what Offer does when the queue is full.
type QueuePolicy uint8

const (
	// DropWhenFull drops the exchange and counts it (default): the request path never waits.
	DropWhenFull QueuePolicy = iota
	// BlockWhenFull makes Offer wait for room. It trades request latency for completeness
	// and is meant for batch or test setups, never for a gateway in front of users.
	BlockWhenFull
)

// String returns "drop" or "block".
func (p QueuePolicy) String() string {
	switch p {
	case DropWhenFull:
		return "drop"
	case BlockWhenFull:
		return "block"
	}
	return "invalid"
}

// minExchangeSize is the least Exchange.Size can return; it bounds the slot count.
const minExchangeSize = 512

const closedBit = 1 << 62

// queue is a FIFO of raw exchanges bounded in bytes. offer never blocks under DropWhenFull:
// it is a few atomic operations and a non-blocking channel send.
type queue struct {
	ch     chan *record.Exchange
	max    int64
	policy QueuePolicy
	bytes  atomic.Int64
	state  atomic.Int64 // closedBit | number of offers in progress

	mu      sync.Mutex // BlockWhenFull only
	cond    *sync.Cond
	waiters atomic.Int32 // offers waiting in waitRoom
}

type offerResult uint8

const (
	offerOK offerResult = iota
	offerFull
	offerClosed
)

func newQueue(maxBytes int64, policy QueuePolicy) *queue {
	slots := max(maxBytes/minExchangeSize, 16)
	q := &queue{ch: make(chan *record.Exchange, slots), max: maxBytes, policy: policy}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) offer(x *record.Exchange, size int64) offerResult {
	if q.state.Add(1)&closedBit != 0 {
		q.state.Add(-1)
		return offerClosed
	}
	defer q.state.Add(-1)
	if q.bytes.Add(size) > q.max {
		q.bytes.Add(-size)
		if q.policy != BlockWhenFull || size > q.max {
			return offerFull
		}
		if !q.waitRoom(size) {
			return offerClosed
		}
	}
	select {
	case q.ch <- x:
		return offerOK
	default:
		q.bytes.Add(-size)
		return offerFull
	}
}

// waitRoom blocks until size bytes are reserved or the queue closes.
func (q *queue) waitRoom(size int64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waiters.Add(1)
	defer q.waiters.Add(-1)
	for {
		if q.state.Load()&closedBit != 0 {
			return false
		}
		if q.bytes.Add(size) <= q.max {
			return true
		}
		q.bytes.Add(-size)
		q.cond.Wait()
	}
}

// release returns the bytes of an exchange taken off the queue.
func (q *queue) release(size int64) {
	q.bytes.Add(-size)
	// a waiter registers under mu before it checks the room, so either it sees these bytes
	// or it is counted here and woken
	if q.policy == BlockWhenFull && q.waiters.Load() > 0 {
		q.mu.Lock()
		q.cond.Broadcast()
		q.mu.Unlock()
	}
}

// close stops new offers, waits for offers in progress to finish, and closes the channel so
// that consumers drain what is left and stop.
func (q *queue) close() {
	if q.state.Or(closedBit)&closedBit != 0 {
		return
	}
	q.mu.Lock()
	q.cond.Broadcast()
	q.mu.Unlock()
	for q.state.Load() != closedBit {
		runtime.Gosched() // offers in progress finish within a few instructions
	}
	close(q.ch)
}
