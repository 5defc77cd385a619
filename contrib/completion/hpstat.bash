# hpstat.bash - bash completion for hpstat(1).                    -*- shell-script -*-
#
# Load it with `. contrib/completion/hpstat.bash' from the source tree, or let bash-completion
# load it from its completions directory (make install puts it there).
#
# Nothing here lists hpstat's options: they, the number of values each takes and the fixed
# values some take (a|b|c in the help) are read from `hpstat --help', once per shell and
# binary. Event, preset and metric names come from `hpstat --list --csv', once per TAB that
# needs them, so they are this machine's and this CPU family's. bash-completion's helpers
# (file names, process ids, the measured command's own arguments) are used where it is loaded;
# without it, plain compgen does.

# The binary whose --help filled the cache, and what it said.
declare -g _hpstat_cached_for=
declare -ga _hpstat_opts=()
declare -gA _hpstat_takes=() _hpstat_long_of=() _hpstat_choices=()

# _hpstat_read_help BIN: fills the cache from BIN --help. Its indented lines list the options:
# a short one starts a line ("  -e, --event LIST" pairs it with a long one), a long one may
# also stand in a description ("--seed N replays an order"); the prose at column 0 names
# perf's options that hpstat refuses. An option takes one value per metavariable after it
# (LIST, N, auto|always|never), each after a single space; one ending in a comma ends the
# list. -e takes what --event takes.
_hpstat_read_help()
{
	local line rest opt meta alt n short
	local -a lines alts
	# the regular expressions: an option starting the line, maybe paired; a long option
	# anywhere; a metavariable
	local first='^[[:space:]]+(-[[:alpha:]])(, (--[[:alnum:]][-[:alnum:]]*))?(.*)'
	local long='[[:space:](](--[[:alpha:]][-[:alnum:]]*)(.*)'
	local metavar='^ ([A-Z][^[:space:]]*|[a-z][^[:space:]]*[|][^[:space:]]*)(.*)'

	_hpstat_opts=() _hpstat_takes=() _hpstat_long_of=() _hpstat_choices=()
	mapfile -t lines < <(LC_ALL=C "$1" --help 2>/dev/null)
	for line in "${lines[@]}"; do
		[[ $line == [[:space:]]* ]] || continue
		rest=" $line" short=
		if [[ $line =~ $first ]]; then
			short=${BASH_REMATCH[1]}
			[[ -n ${BASH_REMATCH[3]} ]] && _hpstat_long_of[$short]=${BASH_REMATCH[3]}
			[[ -z ${BASH_REMATCH[2]} ]] && rest=${BASH_REMATCH[4]}
		fi
		while [[ -n $short ]] || [[ $rest =~ $long ]]; do
			if [[ -n $short ]]; then
				opt=$short short=
			else
				opt=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
			fi
			n=0
			while [[ $rest =~ $metavar ]]; do
				meta=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
				n=$((n + 1))
				if [[ $meta == *\|* && -z ${_hpstat_choices[$opt]+set} ]]; then
					# env|fifo:CTL[,ACK]|fd:CTL[,ACK] -> env fifo: fd:
					IFS='|' read -ra alts <<<"$meta"
					_hpstat_choices[$opt]=
					for alt in "${alts[@]}"; do
						alt=${alt%%\[*}
						[[ $alt == *:* ]] && alt=${alt%%:*}:
						[[ $alt == [a-z]* ]] && _hpstat_choices[$opt]+="$alt "
					done
				fi
				[[ $meta == *, ]] && break
			done
			if [[ -z ${_hpstat_takes[$opt]+set} ]]; then
				_hpstat_opts+=("$opt")
				_hpstat_takes[$opt]=0
			fi
			((n > _hpstat_takes[$opt])) && _hpstat_takes[$opt]=$n
		done
	done
	for short in "${!_hpstat_long_of[@]}"; do
		opt=${_hpstat_long_of[$short]}
		((_hpstat_takes[$opt] > _hpstat_takes[$short])) &&
			_hpstat_takes[$short]=${_hpstat_takes[$opt]}
		[[ -n ${_hpstat_choices[$opt]+set} ]] && _hpstat_choices[$short]=${_hpstat_choices[$opt]}
	done
	_hpstat_cached_for=$1
}

# _hpstat_long WORD: sets _hpstat_opt to the long option WORD names (--rep is --repeat, as
# getopt_long takes a unique beginning), or to WORD itself when it names none or several.
_hpstat_long()
{
	local o found=''

	_hpstat_opt=$1
	[[ -n ${_hpstat_takes[$1]+set} ]] && return
	for o in "${_hpstat_opts[@]}"; do
		[[ $o == --* && $o == "$1"* ]] || continue
		[[ -n $found ]] && return
		found=$o
	done
	[[ -n $found ]] && _hpstat_opt=$found
}

# _hpstat_canon OPT: what the completion of OPT's values is keyed by: the long form.
_hpstat_canon()
{
	_hpstat_opt=${_hpstat_long_of[$1]:-$1}
}

# _hpstat_offer RAWPREFIX TYPED WORD...: adds RAWPREFIX followed by each WORD that starts with
# TYPED, shell-quoted unless the word being completed is in quotes.
_hpstat_offer()
{
	local prefix=$1 typed=$2 w q
	shift 2
	for w; do
		[[ $w == "$typed"* ]] || continue
		if [[ -n $_hpstat_quote ]]; then
			COMPREPLY+=("$prefix$w")
		else
			printf -v q %q "$w"
			COMPREPLY+=("$prefix$q")
		fi
	done
}

# _hpstat_list_csv PATTERN PREFIX: the rows of hpstat --list --csv PATTERN whose name begins
# with PREFIX, in _hpstat_rows as "kind<TAB>name<TAB>pmu" (pmu: the group of a metric); the
# aliases are rows of their own kind "alias", the unit masks (PMU::EVENT:UMASK) are left out
# until PREFIX has a colon.
_hpstat_list_csv()
{
	local prefix=$2 line kind rest name pmu
	local -a lines
	local quoted='^"(([^"]|"")*)",(.*)' aliased='[(]alias: ([^)]+)[)]"?,[^,]*$'

	_hpstat_rows=()
	mapfile -t lines < <(LC_ALL=C "$_hpstat_bin" --list --csv ${1:+"$1"} 2>/dev/null)
	for line in "${lines[@]:1}"; do
		kind=${line%%,*} rest=${line#*,}
		[[ $kind == libpfm4_umask && $prefix != *:* ]] && continue
		if [[ $rest == \"* ]]; then
			# a quoted name (with a comma in it): "" stands for "
			[[ $rest =~ $quoted ]] || continue
			name=${BASH_REMATCH[1]//\"\"/\"} rest=${BASH_REMATCH[3]}
		else
			name=${rest%%,*} rest=${rest#*,}
		fi
		if [[ -n $name && $name == "$prefix"* ]]; then
			pmu=${rest%%,*}
			_hpstat_rows+=("$kind"$'\t'"$name"$'\t'"$pmu")
		fi
		if [[ $line == *"(alias: "* && $line =~ $aliased ]]; then
			name=${BASH_REMATCH[1]}
			[[ $name == "$prefix"* ]] && _hpstat_rows+=("alias"$'\t'"$name"$'\t')
		fi
	done
}

# The value of -e: a comma-separated list, groups in braces; @ begins a preset.
_hpstat_events()
{
	local prefix=$1 cur=$2 item head row kind name rest
	local -a names=()

	item=${cur##*[,\{]} # what follows the last comma or brace
	head=${cur:0:${#cur}-${#item}}
	if [[ $item == *:* ]]; then
		# PMU::EVENT:UMASK and subsystem:tracepoint: the names that begin so
		_hpstat_list_csv "${item%%:*}:" "$item"
	else
		_hpstat_list_csv "" "$item"
	fi
	for row in "${_hpstat_rows[@]}"; do
		kind=${row%%$'\t'*} rest=${row#*$'\t'} name=${rest%%$'\t'*}
		case $kind in
		metric | metricgroup | note) ;;
		tracepoint_subsystem) names+=("$name:") ;;
		*) names+=("$name") ;;
		esac
	done
	_hpstat_offer "$prefix$head" "$item" "${names[@]}"
}

# The value of -M: metric groups and the metrics of this CPU's family (a preset's metrics come
# with -e @preset), comma-separated.
_hpstat_metrics()
{
	local prefix=$1 cur=$2 item head row kind name rest pmu
	local -a names=()

	item=${cur##*,} # what follows the last comma
	head=${cur:0:${#cur}-${#item}}
	_hpstat_list_csv "" "$item"
	for row in "${_hpstat_rows[@]}"; do
		kind=${row%%$'\t'*} rest=${row#*$'\t'} name=${rest%%$'\t'*} pmu=${rest#*$'\t'}
		[[ $kind == metricgroup || ($kind == metric && $pmu != @*) ]] && names+=("$name")
	done
	_hpstat_offer "$prefix$head" "$item" "${names[@]}"
}

# Comma-separated numbers: process ids (-p), thread ids (-t), CPUs (-C).
_hpstat_numbers()
{
	local prefix=$1 cur=$2 glob=$3 head item p
	local -a ids=()

	item=${cur##*,} # what follows the last comma
	head=${cur:0:${#cur}-${#item}}
	for p in $glob; do
		p=${p##*[!0-9]}
		[[ -n $p ]] && ids+=("$p")
	done
	_hpstat_offer "$prefix$head" "$item" "${ids[@]}"
}

# Comma-separated cgroup v2 groups, as paths below the cgroup2 mount.
_hpstat_cgroups()
{
	local prefix=$1 cur=$2 head item root=/sys/fs/cgroup d
	local -a dirs=()

	item=${cur##*,} # what follows the last comma
	head=${cur:0:${#cur}-${#item}}
	for d in "$root/$item"*/; do
		[[ -d $d ]] || continue
		d=${d#"$root/"}
		dirs+=("${d%/}")
	done
	_hpstat_offer "$prefix$head" "$item" "${dirs[@]}"
	((${#COMPREPLY[@]} == 1)) && COMPREPLY[0]+=/ && compopt -o nospace 2>/dev/null
}

# Files, through bash-completion where it is loaded.
_hpstat_files()
{
	local prefix=$1 cur=$2

	if [[ -z $prefix ]] && declare -F _filedir >/dev/null; then
		cur=$_hpstat_raw _filedir # as typed: it unquotes it itself
		return
	fi
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	((${#COMPREPLY[@]})) && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
}

# _hpstat_value OPT PREFIX CUR: the values of option OPT, typed as CUR after PREFIX (--event=).
_hpstat_value()
{
	local prefix=$2 cur=$3 w i
	local -a names

	_hpstat_canon "$1"
	case $_hpstat_opt in
	--event | --list) _hpstat_events "$prefix" "$cur" ;;
	--metrics) _hpstat_metrics "$prefix" "$cur" ;;
	--td-level) _hpstat_offer "$prefix" "$cur" 1 2 ;;
	--sort) _hpstat_offer "$prefix" "$cur" elapsed user sys max-rss ;;
	--output | --baseline) _hpstat_files "$prefix" "$cur" ;;
	--pid) _hpstat_numbers "$prefix" "$cur" "/proc/[0-9]*" ;;
	--tid) _hpstat_numbers "$prefix" "$cur" "/proc/[0-9]*/task/[0-9]*" ;;
	--cpu) _hpstat_numbers "$prefix" "$cur" "/sys/devices/system/cpu/cpu[0-9]*" ;;
	--cgroup | --for-each-cgroup) _hpstat_cgroups "$prefix" "$cur" ;;
	--pre | --prepare | --post | --cleanup)
		mapfile -t names < <(compgen -c -- "$cur")
		_hpstat_offer "$prefix" "$cur" "${names[@]}"
		;;
	--reference)
		# the labels of --name given so far
		names=()
		for ((i = 1; i < _hpstat_cword; i++)); do
			w=${_hpstat_words[i]}
			if [[ $w == --name ]]; then
				names+=("${_hpstat_words[i + 1]}")
			elif [[ $w == --name=* ]]; then
				names+=("${w#--name=}")
			fi
		done
		_hpstat_offer "$prefix" "$cur" "${names[@]}"
		;;
	--control)
		if [[ $cur == fifo:* ]]; then
			_hpstat_files "${prefix}fifo:" "${cur#fifo:}"
		else
			# shellcheck disable=SC2086 # the choices are single words
			_hpstat_offer "$prefix" "$cur" ${_hpstat_choices[--control]}
		fi
		;;
	*)
		# shellcheck disable=SC2086
		_hpstat_offer "$prefix" "$cur" ${_hpstat_choices[$_hpstat_opt]}
		;;
	esac
}

# _hpstat_reassemble: _hpstat_words from COMP_WORDS, the words as the shell will split them.
# bash also splits at COMP_WORDBREAKS, so that --event=cyc and perf::CYC come in three words
# each: those that touch in COMP_LINE are joined again. _hpstat_at[i] is the COMP_WORDS index
# where word i begins; _hpstat_cword is the word being completed, which ends at the cursor.
_hpstat_reassemble()
{
	local rest=${COMP_LINE:0:COMP_POINT} trimmed w i lost='' piece

	_hpstat_words=() _hpstat_at=() _hpstat_cword=-1
	for ((i = 0; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		trimmed=${rest#"${rest%%[![:space:]]*}"}
		if [[ -n $lost ]]; then
			piece=$w
		elif ((i == COMP_CWORD)); then
			piece=$trimmed
		elif [[ $trimmed == "$w"* ]]; then
			piece=$w
		else
			lost=1 piece=$w # the line says something else: keep bash's words
		fi
		if ((i == 0)) || [[ -n $lost || $trimmed != "$rest" ]]; then
			_hpstat_words+=("$piece")
			_hpstat_at+=("$i")
			_hpstat_cword=$((_hpstat_cword + 1))
		else
			_hpstat_words[_hpstat_cword]+=$piece
		fi
		rest=${trimmed:${#piece}}
	done
}

# _hpstat_mode_after OPT: --list lists (its one word a pattern), --compare and -L compare.
_hpstat_mode_after()
{
	_hpstat_canon "$1"
	case $_hpstat_opt in
	--list) mode=list ;;
	--compare | --parameter-list) [[ $mode == list ]] || mode=compare ;;
	esac
}

_hpstat()
{
	local cur w opt n i j letter
	local mode=command has_pattern='' value_of='' cmd_at=-1
	local -a _hpstat_words _hpstat_at _hpstat_rows
	local _hpstat_cword _hpstat_opt _hpstat_bin _hpstat_quote='' _hpstat_raw

	COMPREPLY=()
	_hpstat_reassemble
	cur=${_hpstat_words[_hpstat_cword]}

	# the hpstat on the command line (./src/hpstat), else the one in PATH
	_hpstat_bin=${_hpstat_words[0]}
	[[ $_hpstat_bin == \~/* ]] && _hpstat_bin=$HOME/${_hpstat_bin#\~/}
	if [[ $_hpstat_bin != */* || ! -x $_hpstat_bin ]]; then
		_hpstat_bin=$(type -P hpstat) || return 0
	fi
	[[ $_hpstat_cached_for == "$_hpstat_bin" ]] || _hpstat_read_help "$_hpstat_bin"

	# The words before the cursor, read as getopt_long reads them with "+": options up to the
	# first other word, which is the command (after --list, its pattern; options go on).
	for ((i = 1; i < _hpstat_cword; i++)); do
		w=${_hpstat_words[i]}
		n=0 opt=
		case $w in
		--)
			if [[ $mode == list && -z $has_pattern ]]; then
				((i + 1 == _hpstat_cword)) && value_of=--list
			else
				cmd_at=$((i + 1))
			fi
			break
			;;
		--*=*)
			_hpstat_long "${w%%=*}"
			opt=$_hpstat_opt n=${_hpstat_takes[$opt]:-0}
			((n)) && n=$((n - 1))
			;;
		--?*)
			_hpstat_long "$w"
			opt=$_hpstat_opt n=${_hpstat_takes[$opt]:-0}
			;;
		-?*)
			# letters; one that takes a value takes the rest of the word, or the next words
			for ((j = 1; j < ${#w}; j++)); do
				opt=-${w:j:1}
				_hpstat_mode_after "$opt"
				n=${_hpstat_takes[$opt]:-0}
				if ((n)); then
					((j + 1 < ${#w})) && n=$((n - 1))
					break
				fi
			done
			;;
		*)
			if [[ $mode == list && -z $has_pattern ]]; then
				has_pattern=1
				continue
			fi
			cmd_at=$i
			break
			;;
		esac
		_hpstat_mode_after "$opt"
		if ((i + n >= _hpstat_cword)); then
			value_of=$opt # the word at the cursor is one of its values
			break
		fi
		i=$((i + n))
	done

	_hpstat_raw=$cur
	if [[ $cur == [\'\"]* ]]; then
		_hpstat_quote=${cur:0:1}
		cur=${cur:1}
	fi
	if ((cmd_at < 0)) && [[ -z $value_of && $cur != -* && $mode == command ]]; then
		cmd_at=$_hpstat_cword # the command itself
	fi

	if ((cmd_at >= 0)) && [[ $mode != compare ]]; then
		# the command's name, or its own words
		if declare -F _comp_command_offset >/dev/null; then
			_comp_command_offset "${_hpstat_at[cmd_at]}"
		elif declare -F _command_offset >/dev/null; then
			_command_offset "${_hpstat_at[cmd_at]}"
		elif ((cmd_at == _hpstat_cword)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		else
			_hpstat_files "" "$cur"
		fi
		return 0
	fi

	# the names are matched with the backslashes that quote them taken out
	if [[ -n $value_of ]]; then
		_hpstat_value "$value_of" "" "${cur//\\/}"
	elif [[ $cur == --*=* ]]; then
		_hpstat_long "${cur%%=*}"
		_hpstat_value "$_hpstat_opt" "${cur%%=*}=" "${cur#*=}"
	elif [[ $cur == -[!-]?* ]]; then
		# -ecycles: a letter that takes a value, with its value in the same word
		for ((j = 1; j < ${#cur}; j++)); do
			opt=-${cur:j:1}
			((${_hpstat_takes[$opt]:-0})) || continue
			((j + 1 < ${#cur})) && _hpstat_value "$opt" "${cur:0:j+1}" "${cur:j+1}"
			break
		done
		((j < ${#cur} - 1)) || _hpstat_offer "" "$cur" "${_hpstat_opts[@]}"
	elif [[ $cur == -* ]]; then
		_hpstat_offer "" "$cur" "${_hpstat_opts[@]}"
	elif [[ $mode == list ]]; then
		_hpstat_events "" "${cur//\\/}" # its pattern
	else
		# each word after the options of --compare is a whole command line
		mapfile -t COMPREPLY < <(compgen -c -- "$cur")
	fi

	# bash replaces only the text after the last word-breaking character (= or :) before the
	# cursor, one not escaped with a backslash, or from the last such @ or $ (which readline
	# keeps in the text): that much comes off the front of every completion.
	if [[ -z $_hpstat_quote ]]; then
		n=-1
		for ((j = 0; j < ${#cur}; j++)); do
			letter=${cur:j:1}
			if [[ $letter == \\ ]]; then
				j=$((j + 1))
			elif [[ $letter != [\"\'] && $COMP_WORDBREAKS == *"$letter"* ]]; then
				n=$j
				[[ $letter == [@$] ]] && n=$((j - 1))
			fi
		done
		if ((n >= 0)); then
			for i in "${!COMPREPLY[@]}"; do
				COMPREPLY[i]=${COMPREPLY[i]:n+1}
			done
		fi
	fi
	# a name that goes on (subsystem:, fifo:, a cgroup's directory/): no space after it
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *[:,\{=/] ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}

complete -F _hpstat hpstat
