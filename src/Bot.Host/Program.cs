using Makker.Host;

return await MakkerHost.RunAsync(args);
