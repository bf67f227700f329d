#pragma once

#include <QStyledItemDelegate>

namespace lockscope {

/// Elides a column its own way, whatever the view's mode: at the start for a number whose last
/// digits tell it apart (a fencing token drawn from a microsecond clock), at the end for a list
/// (flags) whose first items matter most.
class ElideDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    ElideDelegate(Qt::TextElideMode mode, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_mode(mode) {}

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = m_mode;
    }

private:
    Qt::TextElideMode m_mode;
};

} // namespace lockscope
