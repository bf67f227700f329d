#include "core/diagram/diagramfile.h"

#include "core/diagram/diagramexplainer.h"

#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace lockscope {

namespace {

QSize sizeFor(const SequenceDiagram& d, int width, const DiagramView& view) {
    const int w = width > 0 ? width : SequenceDiagramPainter::preferredSize(d, view).width();
    return QSize(w, SequenceDiagramPainter::heightForWidth(d, w, view));
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
               const DiagramView& view) {
    const QSize size = sizeFor(d, width, view);
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
        SequenceDiagramPainter::paint(p, QRectF(QPointF(0, 0), QSizeF(size)), d, view);
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
               const DiagramView& view) {
    const QSize size = sizeFor(d, width, view);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        SequenceDiagramPainter::paint(p, QRectF(QPointF(0, 0), QSizeF(size)), d, view);
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
