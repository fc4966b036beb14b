// Fork-join Fibonacci: above the cutoff one half runs in a new goroutine while the caller
// computes the other.
package main

import (
	"fmt"
	"os"
	"strconv"
)

const cutoff = 27

func fib(n int64) int64 {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func parFib(n int64) int64 {
	if n <= cutoff {
		return fib(n)
	}
	done := make(chan int64, 1)
	go func() { done <- parFib(n - 1) }()
	b := parFib(n - 2)
	return <-done + b
}

func main() {
	n := int64(40)
	if len(os.Args) > 1 {
		n, _ = strconv.ParseInt(os.Args[1], 10, 64)
	}
	fmt.Printf("fib(%d) = %d\n", n, parFib(n))
}
