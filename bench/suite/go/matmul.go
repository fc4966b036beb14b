// Matrix multiply C = A B, n x n, small integers held as floats (exact sums). Rows of C are
// split among GOMAXPROCS goroutines; each row in i-k-j order.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
)

func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	for k := range a {
		a[k] = float64((k/n*3 + k%n*7) % 17)
		b[k] = float64((k/n*5 + k%n*11) % 13)
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				row := c[i*n : (i+1)*n]
				for k, aik := range a[i*n : (i+1)*n] {
					for j, bkj := range b[k*n : (k+1)*n] {
						row[j] += aik * bkj
					}
				}
			}
		}()
	}
	wg.Wait()
	sum := 0.0
	for _, x := range c {
		sum += x
	}
	fmt.Printf("%dx%d: sum %.0f, c[n-1][n-1] = %.0f\n", n, n, sum, c[n*n-1])
}
