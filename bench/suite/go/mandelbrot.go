// Mandelbrot set: points of an n x n grid that stay bounded for 50 iterations. Rows are
// handed out to one goroutine per processor through an atomic counter.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

const iterations = 50

func rowCount(y, n int) int64 {
	ci := 2.0*float64(y)/float64(n) - 1.0
	var count int64
	for x := 0; x < n; x++ {
		cr := 2.0*float64(x)/float64(n) - 1.5
		zr, zi := 0.0, 0.0
		inside := true
		for i := 0; i < iterations; i++ {
			tr, ti := zr*zr, zi*zi
			if tr+ti > 4.0 {
				inside = false
				break
			}
			zi = 2.0*zr*zi + ci
			zr = tr - ti + cr
		}
		if inside {
			count++
		}
	}
	return count
}

func main() {
	n := 4000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var next, total int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local int64
			for y := atomic.AddInt64(&next, 1) - 1; y < int64(n); y = atomic.AddInt64(&next, 1) - 1 {
				local += rowCount(int(y), n)
			}
			atomic.AddInt64(&total, local)
		}()
	}
	wg.Wait()
	fmt.Printf("%dx%d: %d points inside\n", n, n, total)
}
