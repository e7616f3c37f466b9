// Command step-ca is a minimal entry point for the step-ca server, built from
// the Go sources Debian 12 ships in golang-github-smallstep-certificates-dev
// (the package has the library but no cmd/step-ca and no binary).
//
// It mirrors what upstream's cmd/step-ca does, minus the cloud KMS/CAS
// plugins: the top-level action is commands.AppCommand ("start"), so
//
//	step-ca [--password-file F] [--resolver ADDR] ca.json
//	step-ca ca.json --password-file F      (flags after the path work too)
//	step-ca version | step-ca help | step-ca export ca.json
//
// Build it with tests/peers/build-step-ca.sh. softcas and softkms (keys in
// PEM files) are linked in by the certificates packages themselves.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/smallstep/certificates/commands"
	"github.com/urfave/cli"
	"go.step.sm/cli-utils/command"
	_ "go.step.sm/cli-utils/command/version" // registers "step-ca version"
	"go.step.sm/cli-utils/step"
	"go.step.sm/cli-utils/usage"
)

// Set at build time: -ldflags "-X main.version=0.19.0-1 -X main.buildDate=...".
var version, buildDate = "N/A", "N/A"

func main() {
	step.Set("Smallstep CA", version, buildDate)

	// Render the markdown-ish usage texts the smallstep commands carry.
	cli.AppHelpTemplate = usage.AppHelpTemplate
	cli.CommandHelpTemplate = usage.CommandHelpTemplate
	cli.SubcommandHelpTemplate = usage.SubcommandHelpTemplate
	cli.HelpPrinter = usage.HelpPrinter
	cli.FlagNamePrefixer = usage.FlagNamePrefixer

	app := cli.NewApp()
	app.Name = "step-ca"
	app.HelpName = "step-ca"
	app.Version = step.Version()
	app.Usage = "an online certificate authority (test build)"
	app.UsageText = commands.AppCommand.UsageText
	app.Flags = commands.AppCommand.Flags
	app.Commands = command.Retrieve() // help, version, export, onboard
	app.Writer = os.Stdout
	app.ErrWriter = os.Stderr

	// As upstream does: run "start" as a sub-command on the whole argument
	// list. Command.Run re-parses os.Args[1:] and moves flags before the
	// positional ca.json, so flags may come on either side of it.
	app.Action = func(*cli.Context) error {
		set := flag.NewFlagSet(app.Name, flag.ContinueOnError)
		_ = set.Parse(os.Args) // no flags defined: everything is an argument
		return commands.AppCommand.Run(cli.NewContext(app, set, nil))
	}

	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
