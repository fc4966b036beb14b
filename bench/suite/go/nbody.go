// N-body under softened gravity: each step computes the accelerations in parallel (body i
// sums over the others in index order), then moves every body. Energy before and after.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
)

const (
	softening = 0.01
	dt        = 0.001
)

type body struct{ x, y, z, vx, vy, vz, m float64 }

type rng struct{ state uint64 }

func (r *rng) nextFloat() float64 {
	r.state = r.state*6364136223846793005 + 1442695040888963407
	return float64((r.state>>11)&(1<<53-1)) / 9007199254740992.0
}

func makeBodies(n int) []body {
	r := rng{42}
	bodies := make([]body, n)
	for i := range bodies {
		b := &bodies[i]
		b.x = 2.0*r.nextFloat() - 1.0
		b.y = 2.0*r.nextFloat() - 1.0
		b.z = 2.0*r.nextFloat() - 1.0
		b.vx = (r.nextFloat() - 0.5) * 0.1
		b.vy = (r.nextFloat() - 0.5) * 0.1
		b.vz = (r.nextFloat() - 0.5) * 0.1
		b.m = r.nextFloat()*0.01 + 0.001
	}
	return bodies
}

type vec3 struct{ x, y, z float64 }

func accel(bodies []body, i int) vec3 {
	bi := bodies[i]
	var a vec3
	for j := range bodies {
		if j != i {
			bj := &bodies[j]
			dx, dy, dz := bj.x-bi.x, bj.y-bi.y, bj.z-bi.z
			d2 := dx*dx + dy*dy + dz*dz + softening
			s := bj.m / (d2 * math.Sqrt(d2))
			a.x += dx * s
			a.y += dy * s
			a.z += dz * s
		}
	}
	return a
}

func step(bodies []body, acc []vec3) {
	n := len(bodies)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				acc[i] = accel(bodies, i)
			}
		}()
	}
	wg.Wait()
	for i := range bodies {
		b := &bodies[i]
		b.vx += acc[i].x * dt
		b.vy += acc[i].y * dt
		b.vz += acc[i].z * dt
		b.x += b.vx * dt
		b.y += b.vy * dt
		b.z += b.vz * dt
	}
}

func energy(bodies []body) float64 {
	e := 0.0
	for i := range bodies {
		bi := &bodies[i]
		e += 0.5 * bi.m * (bi.vx*bi.vx + bi.vy*bi.vy + bi.vz*bi.vz)
		for j := i + 1; j < len(bodies); j++ {
			bj := &bodies[j]
			dx, dy, dz := bj.x-bi.x, bj.y-bi.y, bj.z-bi.z
			e -= bi.m * bj.m / math.Sqrt(dx*dx+dy*dy+dz*dz+softening)
		}
	}
	return e
}

func main() {
	n, steps := 1000, 100
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		steps, _ = strconv.Atoi(os.Args[2])
	}
	bodies := makeBodies(n)
	acc := make([]vec3, n)
	before := energy(bodies)
	for s := 0; s < steps; s++ {
		step(bodies, acc)
	}
	fmt.Printf("%d bodies, %d steps: energy %.9f -> %.9f\n", n, steps, before, energy(bodies))
}
