// Parallel merge sort of n pseudo-random integers: the two halves are sorted in parallel
// (a goroutine for one, the caller for the other) down to a cutoff, sorted sequentially
// below it, and merged through a buffer. The checksum is a polynomial hash of the result.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
)

// Below this many elements a half is sorted sequentially.
const cutoff = 1 << 16

type int64s []int64

func (s int64s) Len() int           { return len(s) }
func (s int64s) Less(i, j int) bool { return s[i] < s[j] }
func (s int64s) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// mergeSort sorts xs, using buf (as long as xs) as scratch space.
func mergeSort(xs, buf []int64) {
	if len(xs) <= cutoff {
		sort.Sort(int64s(xs))
		return
	}
	mid := len(xs) / 2
	done := make(chan struct{})
	go func() {
		mergeSort(xs[:mid], buf[:mid])
		close(done)
	}()
	mergeSort(xs[mid:], buf[mid:])
	<-done
	copy(buf, xs)
	left, right := buf[:mid], buf[mid:]
	i, j, k := 0, 0, 0
	for i < len(left) && j < len(right) {
		if right[j] < left[i] {
			xs[k] = right[j]
			j++
		} else {
			xs[k] = left[i]
			i++
		}
		k++
	}
	k += copy(xs[k:], left[i:])
	copy(xs[k:], right[j:])
}

func main() {
	n := 10000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	xs := make([]int64, n)
	state := uint64(42)
	for i := range xs {
		state = state*6364136223846793005 + 1442695040888963407
		xs[i] = int64((state >> 11) & (1<<53 - 1))
	}
	mergeSort(xs, make([]int64, n))
	var hash int64
	for _, x := range xs {
		hash = hash*31 + x
	}
	fmt.Printf("%d sorted: first %d, middle %d, last %d, hash %d\n", n, xs[0], xs[n/2], xs[n-1], hash)
}
