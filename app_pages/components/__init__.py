"""The widget kit shared by the pages: inputs, feedback sentences, tables, charts, metric cards."""
