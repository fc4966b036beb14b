// A channel pipeline: a producer sends 0..n into a buffered channel, four worker goroutines
// hash each item and send it on, and the collector folds the results into an
// order-independent checksum (sum and xor).
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const (
	workers  = 4
	capacity = 1024
	rounds   = 100
)

func work(x uint64) uint64 {
	h := x
	for i := 0; i < rounds; i++ {
		h = h*0x5851F42D4C957F2D + 0x14057B7EF767814F
		h ^= (h >> 29) & 0x7FFFFFFFF
	}
	return h
}

func main() {
	n := uint64(1000000)
	if len(os.Args) > 1 {
		n, _ = strconv.ParseUint(os.Args[1], 10, 64)
	}
	items := make(chan uint64, capacity)
	results := make(chan uint64, capacity)
	go func() {
		for i := uint64(0); i < n; i++ {
			items <- i
		}
		close(items)
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range items {
				results <- work(x)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var sum, xor, count uint64
	for h := range results {
		sum += h
		xor ^= h
		count++
	}
	fmt.Printf("%d items: sum %d xor %d\n", count, int64(sum), int64(xor))
}
