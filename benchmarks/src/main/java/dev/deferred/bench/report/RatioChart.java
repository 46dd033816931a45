package dev.deferred.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * An SVG bar chart of ratios on a log scale, centred on 1.0×: bars to the right (green) where
 * deferred is faster, to the left (red) where the peer is. Plain SVG 1.1, which GitHub renders.
 */
final class RatioChart {
    private static final int ROW = 22;
    /** The label column's width when every label fits; wider for long ones (about 7 px a character at 12 px). */
    private static final int LABEL_MIN = 360;
    private static final double CHAR_WIDTH = 7;
    private static final int PLOT = 420;
    private static final int TOP = 40;

    private RatioChart() {}

    static String svg(List<BenchmarkReport.Comparison> rows) {
        double lo = Math.log10(0.1);
        double hi = Math.log10(10);
        for (BenchmarkReport.Comparison c : rows) {
            double r = Math.log10(Math.max(c.ratio(), 1e-6));
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        int labelWidth = LABEL_MIN;
        for (BenchmarkReport.Comparison c : rows) {
            labelWidth = Math.max(labelWidth, 16 + (int) Math.ceil(label(c).length() * CHAR_WIDTH));
        }
        int width = labelWidth + PLOT + 80;
        int height = TOP + rows.size() * ROW + 30;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n",
                width, height));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">deferred vs peers: ratio, log scale (right of 1.0× = deferred faster)</text>\n");
        double one = x(0, lo, hi, labelWidth);
        for (double tick : new double[] {0.01, 0.1, 0.5, 1, 2, 10, 100}) {
            double lt = Math.log10(tick);
            if (lt < lo || lt > hi) {
                continue;
            }
            double tx = x(lt, lo, hi, labelWidth);
            b.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s×</text>\n",
                    tx, TOP - 5, tx, TOP + rows.size() * ROW, tick == 1 ? "#000" : "#ddd", tx, TOP + rows.size() * ROW + 15,
                    tick < 1 ? String.valueOf(tick) : String.valueOf((int) tick)));
        }
        int y = TOP;
        for (BenchmarkReport.Comparison c : rows) {
            double r = c.ratio();
            double rx = x(Math.log10(Math.max(r, 1e-6)), lo, hi, labelWidth);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", labelWidth - 8, y + 15,
                    escape(label(c))));
            b.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    Math.min(one, rx), y + 4, Math.max(1, Math.abs(rx - one)), ROW - 8, r >= 1 ? "#2e8b57" : "#c0392b"));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>\n", Math.max(one, rx) + 4, y + 15, r));
            y += ROW;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double x(double logRatio, double lo, double hi, int labelWidth) {
        return labelWidth + (logRatio - lo) / (hi - lo) * PLOT;
    }

    private static String label(BenchmarkReport.Comparison c) {
        return c.label() + " vs " + c.peer().impl();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
