#pragma once

#include "core/monitor/lockentry.h"

#include <QCoreApplication>
#include <QString>

namespace lockscope {

/// What the console shows for flags, kinds and columns: translated names and tooltips saying
/// what each means and what to do. The raw names (lockFlagName) stay in JSON and the CLI.
class LockFlagText {
    Q_DECLARE_TR_FUNCTIONS(LockFlagText)
public:
    /// The flag's name in the operator's language.
    static QString name(LockFlag flag);
    /// What it means and what to do about it.
    static QString explanation(LockFlag flag);
    /// The set flags of e, translated, in declaration order; "blocking N" on the holder's side.
    static QString flagsText(const LockEntry& e);
    /// One line per set flag: "name: explanation".
    static QString flagsToolTip(const LockEntry& e);
    /// The kind's name, what it is and what a force-release would do to this lock (in read-only
    /// mode: that force-release is off).
    static QString kindToolTip(const LockEntry& e, bool readOnly = false);
};

} // namespace lockscope
