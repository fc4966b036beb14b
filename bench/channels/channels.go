// The Go side of the channel benchmarks (aurora-std/benches/channels.rs): the same three
// workloads over Go channels, timed with testing.Benchmark (GOMAXPROCS as the machine has).
//
//	go run channels.go
package main

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"
)

const items = 20_000
const roundTrips = 10_000

var kinds = []struct {
	name string
	size int
}{{"bounded(0)", 0}, {"bounded(1)", 1}, {"bounded(1024)", 1024}, {"unbounded", -1}}

// Go has no unbounded channel: a buffer as large as the whole run never blocks a sender,
// which is what an unbounded channel does here.
func makeChan(size int) chan uint64 {
	if size < 0 {
		return make(chan uint64, items)
	}
	return make(chan uint64, size)
}

func spsc(size int) uint64 {
	ch := makeChan(size)
	go func() {
		for i := uint64(0); i < items; i++ {
			ch <- i
		}
		close(ch)
	}()
	var sum uint64
	for v := range ch {
		sum += v
	}
	return sum
}

func mpmc(size int) uint64 {
	const side = 4
	ch := makeChan(size)
	var producers sync.WaitGroup
	for p := 0; p < side; p++ {
		producers.Add(1)
		go func(p uint64) {
			defer producers.Done()
			for i := p; i < items; i += side {
				ch <- i
			}
		}(uint64(p))
	}
	go func() { producers.Wait(); close(ch) }()
	sums := make(chan uint64, side)
	for c := 0; c < side; c++ {
		go func() {
			var sum uint64
			for v := range ch {
				sum += v
			}
			sums <- sum
		}()
	}
	var sum uint64
	for c := 0; c < side; c++ {
		sum += <-sums
	}
	return sum
}

func pingPong() uint64 {
	ping := make(chan uint64)
	pong := make(chan uint64)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	var v uint64
	for i := 0; i < roundTrips; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	return v
}

var sink uint64

// median of 7 runs of testing.Benchmark, in ns per item.
func measure(perOp int, f func() uint64) float64 {
	var ns []float64
	for r := 0; r < 7; r++ {
		res := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink += f()
			}
		})
		ns = append(ns, float64(res.T.Nanoseconds())/float64(res.N)/float64(perOp))
	}
	sort.Float64s(ns)
	return ns[len(ns)/2]
}

func main() {
	start := time.Now()
	for _, k := range kinds {
		size := k.size
		fmt.Printf("go spsc/%-14s %8.1f ns/item\n", k.name, measure(items, func() uint64 { return spsc(size) }))
	}
	for _, k := range kinds {
		size := k.size
		fmt.Printf("go mpmc/%-14s %8.1f ns/item\n", k.name, measure(items, func() uint64 { return mpmc(size) }))
	}
	fmt.Printf("go ping_pong          %8.1f ns/round trip\n", measure(roundTrips, pingPong))
	fmt.Printf("(%.1fs)\n", time.Since(start).Seconds())
}
