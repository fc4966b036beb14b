// Fannkuch-redux: flips of every permutation of 0..n, as a maximum and a signed checksum.
// The n! permutations are cut into blocks of consecutive indices; goroutines take blocks
// from an atomic counter.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

const blocks = 720 // for n >= 6 (720 divides n!); one block below that

func flips(perm, scratch []int) int64 {
	if perm[0] == 0 {
		return 0
	}
	copy(scratch, perm)
	var f int64
	for scratch[0] != 0 {
		k := scratch[0]
		for i, j := 0, k; i < j; i, j = i+1, j-1 {
			scratch[i], scratch[j] = scratch[j], scratch[i]
		}
		f++
	}
	return f
}

func rotateLeft(p []int, d int) {
	tmp := append([]int(nil), p[:d]...)
	copy(p, p[d:])
	copy(p[len(p)-d:], tmp)
}

func block(n int, fact []int, lo, hi int) (int64, int64) {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	count := make([]int, n)
	scratch := make([]int, n)
	rest := lo
	for i := n - 1; i > 0; i-- {
		count[i] = rest / fact[i]
		rest %= fact[i]
		rotateLeft(perm[:i+1], count[i])
	}
	var checksum, maxFlips int64
	for index := lo; index < hi; index++ {
		f := flips(perm, scratch)
		if index%2 == 0 {
			checksum += f
		} else {
			checksum -= f
		}
		if f > maxFlips {
			maxFlips = f
		}
		if index+1 < hi {
			for i := 1; ; i++ {
				first := perm[0]
				copy(perm[:i], perm[1:i+1])
				perm[i] = first
				count[i]++
				if count[i] <= i {
					break
				}
				count[i] = 0
			}
		}
	}
	return checksum, maxFlips
}

func main() {
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	fact := make([]int, n+1)
	fact[0] = 1
	for i := 1; i <= n; i++ {
		fact[i] = fact[i-1] * i
	}
	nblocks := 1
	if n >= 6 {
		nblocks = blocks
	}
	size := fact[n] / nblocks
	var next, checksum, maxFlips int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sum, max int64
			for b := atomic.AddInt64(&next, 1) - 1; b < int64(nblocks); b = atomic.AddInt64(&next, 1) - 1 {
				c, m := block(n, fact, int(b)*size, int(b+1)*size)
				sum += c
				if m > max {
					max = m
				}
			}
			mu.Lock()
			checksum += sum
			if max > maxFlips {
				maxFlips = max
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, maxFlips)
}
