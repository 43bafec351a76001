# lab/report (layer 5): every renderer of every result kind (table, CSV,
# JSON, figures, Markdown) and the plot and report commands. Reads results
# files with json-c.
LAB_SRCS += \
	lab/report/claims.c \
	lab/report/configs_md.c \
	lab/report/density_output.c \
	lab/report/doctor_output.c \
	lab/report/figure.c \
	lab/report/figure_dat.c \
	lab/report/figure_data.c \
	lab/report/figure_sweep.c \
	lab/report/gnuplot_run.c \
	lab/report/gnuplot_script.c \
	lab/report/json.c \
	lab/report/ladder_output.c \
	lab/report/machines_md.c \
	lab/report/not_run_output.c \
	lab/report/outdir.c \
	lab/report/output.c \
	lab/report/output_csv.c \
	lab/report/output_json.c \
	lab/report/output_table.c \
	lab/report/reach_output.c \
	lab/report/report_cmd.c \
	lab/report/report_configs.c \
	lab/report/report_data.c \
	lab/report/report_input.c \
	lab/report/report_ladder.c \
	lab/report/report_md.c \
	lab/report/report_measure.c \
	lab/report/results_file.c \
	lab/report/robust_stats.c
LAB_LIBS += -ljson-c
