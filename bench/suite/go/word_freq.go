// Word frequencies, map-reduce style, over a generated text: GOMAXPROCS goroutines generate
// the lines (line i from its own seed), then each counts the words of its share of lines into
// its own map, and the maps are merged.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

var syllables = [16]string{
	"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "hi", "jo", "pu", "ze",
}

const wordsPerLine = 12

func makeLine(i uint64) string {
	state := i*6364136223846793005 + 1442695040888963407
	draw := func() uint64 {
		state = state*6364136223846793005 + 1442695040888963407
		return (state >> 33) & 0x7fffffff
	}
	var line strings.Builder
	for w := 0; w < wordsPerLine; w++ {
		if w > 0 {
			line.WriteByte(' ')
		}
		for s, k := uint64(0), 1+draw()%3; s < k; s++ {
			line.WriteString(syllables[draw()%16])
		}
	}
	return line.String()
}

// parallelBlocks runs body(lo, hi) on GOMAXPROCS contiguous blocks of 0..n and waits.
func parallelBlocks(n int, body func(w, lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		w, lo, hi := w, n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(w, lo, hi)
		}()
	}
	wg.Wait()
}

func main() {
	lines := 1000000
	if len(os.Args) > 1 {
		lines, _ = strconv.Atoi(os.Args[1])
	}
	text := make([]string, lines)
	parallelBlocks(lines, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			text[i] = makeLine(uint64(i))
		}
	})
	parts := make([]map[string]int64, runtime.GOMAXPROCS(0))
	parallelBlocks(lines, func(w, lo, hi int) {
		counts := make(map[string]int64)
		for _, line := range text[lo:hi] {
			for _, word := range strings.Fields(line) {
				counts[word]++
			}
		}
		parts[w] = counts
	})
	counts := parts[0]
	for _, part := range parts[1:] {
		for word, c := range part {
			counts[word] += c
		}
	}
	var total, sumSq, topCount int64
	top := ""
	for word, c := range counts {
		total += c
		sumSq += c * c
		if c > topCount || (c == topCount && word < top) {
			top, topCount = word, c
		}
	}
	fmt.Printf("%d distinct of %d words, top %s x %d, sum of squares %d\n", len(counts), total, top, topCount, sumSq)
}
