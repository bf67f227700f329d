#pragma once

#include <QStyledItemDelegate>

namespace lockscope {

/// Elides at the end, whatever the view's mode: for a list (flags) whose first items matter most.
class ElideRightDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

} // namespace lockscope
