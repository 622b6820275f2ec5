package io.meshdoctor.cli;

import io.meshdoctor.input.InputException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: `mesh-cert-doctor <command>`. */
@Command(
    name = "mesh-cert-doctor",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Diagnoses GKE mesh certificate health and the Istio injector webhook.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in, Clock.systemUTC()));
  }

  /** Runs a command line and returns its exit status; streams and clock are parameters for tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, InputStream stdin, Clock clock) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.addSubcommand("analyze", new CommandLine(new AnalyzeCommand(clock, stdin)));
    commandLine.addSubcommand("inspect-credentials", new CommandLine(new InspectCredentialsCommand(clock)));
    commandLine.addSubcommand("run", new CommandLine(new RunCommand()));
    commandLine.addSubcommand("version", new CommandLine(new VersionCommand()));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      CommandLine command = exception.getCommandLine();
      command.getErr().println("mesh-cert-doctor: " + exception.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
      command.getErr().flush();
      return USAGE;
    });
    commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
      String message = exception instanceof InputException || exception instanceof UsageException
          ? exception.getMessage()
          : "internal error: " + exception;
      command.getErr().println("mesh-cert-doctor: error: " + message.lines().findFirst().orElse(message));
      command.getErr().flush();
      return USAGE;
    });
    return commandLine.execute(args);
  }

  /** Without a command there is nothing to do: show the usage and report bad usage. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }
}
