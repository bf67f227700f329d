#include "core/diagram/diagramfile.h"

#include "core/diagram/diagramexplainer.h"

#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>

namespace lockscope {

namespace {

/// The file's size and the area the diagram is laid out in: a diagram taller than
/// kMaxDiagramFileHeight is cut there (its beginning drawn, the why left to the caller).
struct FileLayout {
    QSize size;
    QRectF area;
    DiagramView view;
    bool cut = false;
};

FileLayout layoutFor(const SequenceDiagram& d, int width, const DiagramView& view) {
    FileLayout f;
    f.view = view;
    const int w = width > 0 ? width : SequenceDiagramPainter::preferredSize(d, view).width();
    int h = SequenceDiagramPainter::heightForWidth(d, w, view);
    if (h > kMaxDiagramFileHeight) {
        f.cut = true;
        f.view.showVerdicts = false;
        h = SequenceDiagramPainter::heightForWidth(d, w, f.view);
    }
    f.area = QRectF(0, 0, w, h);
    f.size = QSize(w, std::min(h, kMaxDiagramFileHeight));
    return f;
}

QString titleOf(const SequenceDiagram& d) {
    QStringList names;
    for (const DiagramLane& l : d.lanes)
        names << l.name;
    return QCoreApplication::translate("lockscope::DiagramExplainer",
                                       "Sequence diagram (%1, %2): %3")
        .arg(DemoScenario::raceName(d.race), d.strategy, names.join(QStringLiteral(", ")));
}

} // namespace

bool renderSvg(const SequenceDiagram& d, const QString& path, QString* error, int width,
               const DiagramView& view, bool* cut) {
    const FileLayout f = layoutFor(d, width, view);
    const QSize size = f.size;
    if (cut)
        *cut = f.cut;
    // Written to a temporary file first: a failed render leaves nothing behind.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(titleOf(d));
    svg.setDescription(DiagramExplainer::paragraphs(d).join(u'\n'));
    {
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = QStringLiteral("cannot paint into %1").arg(path);
            out.cancelWriting();
            return false;
        }
        p.fillRect(QRectF(QPointF(0, 0), QSizeF(size)), Qt::white);
        p.setClipRect(QRect(QPoint(0, 0), size)); // the painter draws only what shows
        SequenceDiagramPainter::paint(p, f.area, d, f.view);
        p.end();
    }
    if (!out.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

bool renderPng(const SequenceDiagram& d, const QString& path, QString* error, int width,
               const DiagramView& view, bool* cut) {
    const FileLayout f = layoutFor(d, width, view);
    const QSize size = f.size;
    if (cut)
        *cut = f.cut;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setClipRect(QRect(QPoint(0, 0), size));
        SequenceDiagramPainter::paint(p, f.area, d, f.view);
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

} // namespace lockscope
