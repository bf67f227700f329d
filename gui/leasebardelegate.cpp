#include "gui/leasebardelegate.h"

#include "gui/lockmodel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QRegion>
#include <QStyleOptionProgressBar>

namespace lockscope {

void LeaseBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const {
    const QVariant deadline = index.data(LockModel::LeaseDeadlineRole);
    if (!deadline.isValid()) {
        QStyledItemDelegate::paint(painter, option, index); // "no expiry"
        return;
    }
    const qint64 remaining =
        std::max<qint64>(0, deadline.toLongLong() - QDateTime::currentMSecsSinceEpoch());
    const qint64 total = std::max<qint64>(1, index.data(LockModel::LeaseTotalRole).toLongLong());
    QStyleOptionViewItem bg = option;
    initStyleOption(&bg, index);
    bg.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &bg, painter);
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(3, 3, -3, -3);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = int(std::min<qint64>(1000, remaining * 1000 / total));
    const QString text =
        remaining == 0 ? tr("expired")
                       : tr("%1 s").arg(QLocale().toString(double(remaining) / 1000.0, 'f', 1));
    // The text is drawn here, not by the style: a style draws it in one colour (or clips it at
    // the wrong place), and white text vanishes where it runs past the filled part.
    bar.textVisible = false;
    bar.state = option.state | QStyle::State_Enabled |
                QStyle::State_Horizontal; // Qt 6: no orientation member
    bar.palette = option.palette;
    if (remaining * 4 < total) // the last quarter: about to run out
        bar.palette.setColor(QPalette::Highlight, QColor(214, 69, 65));
    QStyle* style = QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    const QRect contents = style->subElementRect(QStyle::SE_ProgressBarContents, &bar);
    const int filledWidth = int(qint64(contents.width()) * bar.progress / bar.maximum);
    const QRect filled(contents.left(), bar.rect.top(), filledWidth, bar.rect.height());
    const QRegion rest = QRegion(bar.rect).subtracted(filled);
    // Over the fill: the highlighted-text colour; over the rest: the ordinary text colour.
    const auto drawClipped = [&](const QRegion& clip, const QColor& colour) {
        painter->save();
        painter->setClipRegion(clip, Qt::IntersectClip);
        painter->setFont(option.font);
        painter->setPen(colour);
        painter->drawText(bar.rect, Qt::AlignCenter | Qt::TextSingleLine, text);
        painter->restore();
    };
    drawClipped(QRegion(filled), bar.palette.color(QPalette::HighlightedText));
    drawClipped(rest, option.palette.color(QPalette::Text));
}

} // namespace lockscope
