/**
 * Experiments: a topology deployed, prepared and cut once into a distributed snapshot, then every cell
 * of the experiment (a variation of its placement and impairments) deployed from that same snapshot
 * again and again, measured in the guests by their agents, with the results written as CSV, a summary
 * and a plot. The file's format is described in {@code docs/EXPERIMENTS.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.experiment;
