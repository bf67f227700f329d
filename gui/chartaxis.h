#pragma once

class QValueAxis;

namespace lockscope {

/// Sets a value axis to a range that starts at 0 (or below, for negative data) and ends on a
/// round number, with ticks every 1, 2 or 5 x 10^n (integers only when integers is true).
void setRoundRange(QValueAxis* axis, double max, bool integers);
void setRoundRange(QValueAxis* axis, double min, double max, bool integers);

} // namespace lockscope
