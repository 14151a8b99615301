"""Welfare cases: complaints against employers and agencies abroad and workers in distress,
opened by the worker, a family member on the worker's behalf, or an officer after a call or a
visit; followed by the worker, handled by officers, summarised for the accused employer."""
