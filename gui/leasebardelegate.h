#pragma once

#include <QStyledItemDelegate>

namespace lockscope {

/// Draws the lease countdown as a progress bar computed from the deadline at paint time, so it
/// moves smoothly between refreshes without re-fetching anything.
class LeaseBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

} // namespace lockscope
