// Spectral norm of A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1), n x n, by 10 rounds of
// the power method. Each matrix-vector product splits its output among GOMAXPROCS goroutines;
// each element is a sequential sum.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
)

func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

// parallelFor runs body(i) for every i in 0..n, in GOMAXPROCS contiguous blocks.
func parallelFor(n int, body func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				body(i)
			}
		}()
	}
	wg.Wait()
}

func mulAv(v, out []float64) {
	parallelFor(len(out), func(i int) {
		sum := 0.0
		for j, vj := range v {
			sum += a(i, j) * vj
		}
		out[i] = sum
	})
}

func mulAtv(v, out []float64) {
	parallelFor(len(out), func(i int) {
		sum := 0.0
		for j, vj := range v {
			sum += a(j, i) * vj
		}
		out[i] = sum
	})
}

func mulAtAv(v, out, tmp []float64) {
	mulAv(v, tmp)
	mulAtv(tmp, out)
}

func main() {
	n := 2000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	u, v, tmp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range u {
		u[i] = 1.0
	}
	for i := 0; i < 10; i++ {
		mulAtAv(u, v, tmp)
		mulAtAv(v, u, tmp)
	}
	vBv, vv := 0.0, 0.0
	for i := range v {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	fmt.Printf("spectral norm (%d) = %.9f\n", n, math.Sqrt(vBv/vv))
}
