/**
 * Comparison servers for the wsboot benchmarks, and the report that turns a run's raw results
 * into the table of docs/BENCHMARKS.md.
 */
package dev.wsboot.benchmarks;
