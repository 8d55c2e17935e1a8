// One uPlot chart that keeps to its box's width. uPlot (uplot.js, vendored from npm, see licenses/) is
// loaded as a classic script and is window.uPlot; the plot is made with the first data.
export class Plot {
  constructor(box, options, height) {
    this.box = box;
    this.options = options;
    this.height = height;
    this.plot = null;
    this.resize = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height }));
    this.resize.observe(box);
  }

  width() {
    return Math.max(280, this.box.clientWidth);
  }

  set(data) {
    if (!this.plot) {
      this.plot = new window.uPlot({ ...this.options, width: this.width(), height: this.height }, data, this.box);
    } else {
      this.plot.setData(data);
    }
  }

  destroy() {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }
}
